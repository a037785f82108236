using System.Collections.Concurrent;

namespace Piazza.Core.Registrations;

/// <summary>Registered rooms kept until the process ends: with history in memory or off, and in tests.</summary>
public sealed class InMemoryRoomRegistrationStore : IRoomRegistrationStore
{
    private readonly ConcurrentDictionary<string, StoredRoom> _rooms = new(RoomName.Comparer);

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredRoom>> LoadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredRoom>>([.. _rooms.Values.OrderBy(r => r.Registration.RegisteredAt)]);

    /// <inheritdoc/>
    public Task SaveAsync(StoredRoom room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        _rooms[room.Name] = room;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        _rooms.TryRemove(name, out _);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RenameAsync(string oldName, StoredRoom room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        _rooms.TryRemove(oldName, out _);
        _rooms[room.Name] = room;
        return Task.CompletedTask;
    }
}
