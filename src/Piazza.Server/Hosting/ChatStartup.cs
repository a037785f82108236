using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Core.History;
using Piazza.Server.Accounts;
using Piazza.Server.History;
using Piazza.Server.Irc;
using Piazza.Server.Operators;
using Piazza.Server.Rooms;

namespace Piazza.Server.Hosting;

/// <summary>
/// Opens the chat (the history store, the server ban list, then the hub) once, asynchronously,
/// when <see cref="ChatLifetime"/> is told every listener is bound; hands it to whoever waits.
/// </summary>
/// <remarks>
/// Why after binding: a port that is taken ends the start before the store has touched any file
/// (another server's piazza.db, say). A connection accepted in between awaits <see cref="OpenedAsync"/>
/// instead of opening the store on its own thread; a start that fails or is stopped before the
/// chat opened fails those waits, so no connection waits forever.
/// </remarks>
internal sealed class ChatStartup(
    IOptions<ChatOptions> chat,
    IOptions<RoomOptions> rooms,
    IOptions<IrcOptions> irc,
    HistoryStoreOpener history,
    TimeProvider time,
    ILogger<ChatStartup> logger,
    Piazza.Cluster.ClusterNode? cluster = null) : IAsyncDisposable
{
    private readonly TaskCompletionSource<ChatHub> _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IMessageStore? _store;
    private Core.Registrations.RoomRegistry? _registry;

    /// <summary>The chat once it is open; null before (and after a failed start).</summary>
    public ChatHub? Hub { get; private set; }

    /// <summary>Opens the store, loads the server bans, the accounts and the registered rooms, picks where read markers go, makes the hub. Called once by the host; a failure ends the start.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            _store = await history.OpenAsync(cancellationToken);

            // A cluster node hears the others' server bans and accounts before it reads them: none set meanwhile is missed.
            if (cluster is not null)
            {
                await cluster.HearClusterAsync(cancellationToken);
            }

            var bans = await ServerBanListFactory.OpenAsync(_store, time, cancellationToken);
            var accounts = await AccountListFactory.OpenAsync(_store, cancellationToken);
            var (registry, registered) = await RoomRegistryFactory.OpenAsync(_store, rooms.Value, logger, cancellationToken);
            _registry = registry;
            var hub = new ChatHub(chat.Value, time, _store, bans, accounts, ReadMarkerStoreFactory.Open(_store), registry, "services." + irc.Value.ServerName);
            RoomRegistryFactory.ReportSkipped(logger, hub.RestoreRooms(registered));
            if (_store is not null)
            {
                hub.RestoreTopics(await _store.TopicsAsync(cancellationToken));
            }

            // A cluster node: the hub's rooms reach the other nodes from the first client on.
            cluster?.Attach(hub);
            Hub = hub;
            _opened.TrySetResult(Hub);
        }
        catch
        {
            // The host reports the failure and stops; the connections waiting are simply closed.
            _opened.TrySetCanceled(CancellationToken.None);
            throw;
        }
    }

    /// <summary>The chat, once open; canceled if the start failed or the host stopped first.</summary>
    public Task<ChatHub> OpenedAsync(CancellationToken cancellationToken) => _opened.Task.WaitAsync(cancellationToken);

    /// <summary>The host is stopping: whoever still waits for a chat that never opened gives up.</summary>
    public void Abandon() => _opened.TrySetCanceled(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Abandon();

        // The registry's writer finishes what is queued before the file it writes to closes.
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
