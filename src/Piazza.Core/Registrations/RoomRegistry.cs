using System.Threading.Channels;

namespace Piazza.Core.Registrations;

/// <summary>
/// Makes registered rooms last: the limit on registrations per account, and the one writer that
/// saves a registered room to its <see cref="IRoomRegistrationStore"/> after each change.
/// </summary>
/// <remarks>
/// <para>
/// Write-through, off the read loop: a change (a mode, a list entry, an operator, a rename) is
/// applied to the <see cref="Room"/> in memory as ever, then a request naming the room is queued on
/// an unbounded channel (<see cref="Channel{T}.Writer"/>'s <c>TryWrite</c>: a short lock of the
/// channel's own, no I/O, nothing waited for), and the writer task saves what the room holds
/// <em>when the write runs</em>, not a copy made at the change. So two operators changing one room
/// at once cannot have the older state saved last: whichever request runs last reads both changes.
/// Requests for one room that wait together collapse into one (<see cref="Room"/>'s save flag).
/// </para>
/// <para>
/// Register and unregister wait for their own write (the reply says the room is registered once it
/// is stored); every other change does not. The writer runs one request at a time, in order, so a
/// room's delete and its rename are never overtaken by an older save. A failed write is reported
/// through <see cref="Faulted"/> (the server logs it) and the next request goes on.
/// </para>
/// </remarks>
public sealed class RoomRegistry : IAsyncDisposable
{
    /// <summary>The default of <see cref="MaxPerAccount"/>.</summary>
    public const int DefaultMaxPerAccount = 10;

    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Saves to <paramref name="store"/>; an account may register at most <paramref name="maxPerAccount"/> rooms.</summary>
    public RoomRegistry(IRoomRegistrationStore store, int maxPerAccount = DefaultMaxPerAccount)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerAccount, 1);
        Store = store;
        MaxPerAccount = maxPerAccount;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Where registered rooms are saved.</summary>
    public IRoomRegistrationStore Store { get; }

    /// <summary>How many rooms one account may register (<c>Rooms:MaxRegisteredPerAccount</c>).</summary>
    public int MaxPerAccount { get; }

    /// <summary>Called on the writer's thread with each write that failed (the server logs it).</summary>
    public Action<Exception>? Faulted { get; set; }

    /// <summary>Serialises registrations, so two of one account at once cannot both pass the limit. Taken before a room's lock.</summary>
    internal Lock Gate { get; } = new();

    /// <summary>Queues a save of <paramref name="room"/> as it will be when written (nothing if it is no longer registered then).</summary>
    internal void Save(Room room)
    {
        if (room.TryMarkSavePending())
        {
            _requests.Writer.TryWrite(new Request(RequestKind.Save, room, null, null));
        }
    }

    /// <summary>Queues a save of a room just registered; the task ends when it is written: true, or false when the store failed (reported through <see cref="Faulted"/>).</summary>
    internal Task<bool> SaveNow(Room room) => Queue(RequestKind.Save, room, null);

    /// <summary>Queues the removal of the room named <paramref name="name"/>; the task ends when it is done: true, or false as for <see cref="SaveNow"/>.</summary>
    internal Task<bool> Delete(string name) => Queue(RequestKind.Delete, null, name);

    /// <summary>Queues the move of a registered room renamed from <paramref name="oldName"/> (under the room's lock: no I/O here).</summary>
    internal void Rename(Room room, string oldName) => Queue(RequestKind.Rename, room, oldName);

    /// <summary>Waits until every request queued so far is written (tests, and before the store closes).</summary>
    public Task FlushAsync() => Queue(RequestKind.Flush, null, null);

    /// <summary>Writes what is queued, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    /// <summary>
    /// Queues a request; its task is true once written, false when the store failed (reported
    /// through <see cref="Faulted"/>, so callers only say whether the change is kept) or the
    /// registry has closed. It never faults.
    /// </summary>
    private Task<bool> Queue(RequestKind kind, Room? room, string? name)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_requests.Writer.TryWrite(new Request(kind, room, name, done)))
        {
            done.TrySetResult(false);
        }

        return done.Task;
    }

    private async Task WriteLoopAsync()
    {
        await foreach (var request in _requests.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await WriteAsync(request).ConfigureAwait(false);
                request.Done?.TrySetResult(true);
            }
            catch (Exception error)
            {
                Faulted?.Invoke(error);
                request.Done?.TrySetResult(false);
            }
        }
    }

    private Task WriteAsync(Request request)
    {
        switch (request.Kind)
        {
            case RequestKind.Save:
                request.Room!.ClearSavePending();
                return request.Room!.ToStored() is { } room ? Store.SaveAsync(room) : Task.CompletedTask;
            case RequestKind.Delete:
                return Store.DeleteAsync(request.Name!);
            case RequestKind.Rename:
                request.Room!.ClearSavePending();
                return request.Room!.ToStored() is { } renamed ? Store.RenameAsync(request.Name!, renamed) : Store.DeleteAsync(request.Name!);
            default:
                return Task.CompletedTask;
        }
    }

    private enum RequestKind
    {
        Save,
        Delete,
        Rename,
        Flush,
    }

    private sealed record Request(RequestKind Kind, Room? Room, string? Name, TaskCompletionSource<bool>? Done);
}
