namespace Piazza.Core.Registrations;

/// <summary>
/// Where registered rooms survive restarts: each one's registration and settings, saved whole
/// (<see cref="StoredRoom"/>) after every change, by <see cref="RoomRegistry"/>'s one writer, never
/// by a session's read loop and never under a lock of the hub.
/// </summary>
/// <remarks>
/// Implementations: <see cref="InMemoryRoomRegistrationStore"/> (History:Store memory or off:
/// registrations last until a restart, as accounts do) and SQLite (two tables in the history file,
/// Piazza.Storage.Sqlite; or Piazza.Storage.Postgres). Room names compare ignoring ASCII case (<see cref="RoomName.Comparer"/>).
/// Calls come one at a time from the registry's writer; an implementation need not be re-entrant.
/// </remarks>
public interface IRoomRegistrationStore
{
    /// <summary>Every registered room (at startup).</summary>
    Task<IReadOnlyList<StoredRoom>> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="room"/>, replacing what was stored under its name.</summary>
    Task SaveAsync(StoredRoom room, CancellationToken cancellationToken = default);

    /// <summary>Forgets the room named <paramref name="name"/>, if stored.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a room renamed from <paramref name="oldName"/>: the old name's entry goes and
    /// <paramref name="room"/> is stored under its new name, in one step.
    /// </summary>
    Task RenameAsync(string oldName, StoredRoom room, CancellationToken cancellationToken = default);
}
