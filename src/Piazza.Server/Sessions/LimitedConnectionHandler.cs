using System.Net;

using Microsoft.AspNetCore.Connections;

using Piazza.Core;
using Piazza.Server.Hosting;
using Piazza.Server.Operators;

namespace Piazza.Server.Sessions;

/// <summary>
/// Kestrel's entry point for a chat listener: enforces the connection limit across all
/// listeners (a refused client is told why), then opens the listener's session and runs it for
/// the life of the connection.
/// </summary>
/// <remarks>
/// Made when Kestrel binds, before the chat is open: a connection accepted before then waits
/// for it (<see cref="ChatStartup"/>), and one whose server fails to start is closed.
/// </remarks>
internal abstract partial class LimitedConnectionHandler(ChatStartup chat, ConnectionCounter connections, ILogger logger) : ConnectionHandler
{
    /// <summary>For the sessions' logs.</summary>
    protected ILogger Logger => logger;

    public sealed override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ChatHub hub;
        try
        {
            hub = chat.Hub ?? await chat.OpenedAsync(connection.ConnectionClosed);
        }
        catch (OperationCanceledException)
        {
            // The server stopped (or failed to open its store) before this client's chat opened.
            return;
        }

        if (ServerBanGate.RefusalFor(hub, connection.RemoteEndPoint, logger) is { } banned)
        {
            await TransportFaults.RefuseAsync(connection, Refusal(banned));
            return;
        }

        var max = hub.Options.MaxConnections;
        if (!connections.TryAcquire(max))
        {
            LogServerFull(logger, connection.RemoteEndPoint, max);
            await TransportFaults.RefuseAsync(connection, Refusal($"server full ({max} connections); try again later"));
            return;
        }

        try
        {
            var (address, host) = Describe(connection.RemoteEndPoint);

            // The session is made first and run here, so that whatever the listener awaited to
            // choose it (the chat port's protocol detection) has ended and holds nothing while the
            // client idles: one waiting frame fewer per connection (docs/benchmarks.md).
            if (await OpenSessionAsync(connection, hub, address, host) is { } session)
            {
                await session.RunAsync();
            }
        }
        finally
        {
            connections.Release();
        }
    }

    /// <summary>The seed's <c>ip:port</c> name for the client, and its IP alone.</summary>
    internal static (string Address, string Host) Describe(EndPoint? endPoint)
    {
        if (endPoint is not IPEndPoint ip)
        {
            var text = endPoint?.ToString() ?? "unknown";
            return (text, text);
        }

        var address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
        return (new IPEndPoint(address, ip.Port).ToString(), address.ToString());
    }

    /// <summary>The protocol's session for the connection, or null when the client left before one could be chosen.</summary>
    protected abstract ValueTask<LineSession?> OpenSessionAsync(ConnectionContext connection, ChatHub hub, string address, string host);

    /// <summary>The line a refused client is sent, in the listener's protocol.</summary>
    protected abstract byte[] Refusal(string why);

    [LoggerMessage(EventId = 120, EventName = "ServerFull", Level = LogLevel.Warning, Message = "Refused {RemoteEndPoint}: {Max} connections open already (Chat:MaxConnections)")]
    private static partial void LogServerFull(ILogger logger, EndPoint? remoteEndPoint, int max);
}
