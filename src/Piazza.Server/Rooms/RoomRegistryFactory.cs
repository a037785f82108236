using Piazza.Core.History;
using Piazza.Core.Registrations;
using Piazza.Storage.Postgres;
using Piazza.Storage.Sqlite;

namespace Piazza.Server.Rooms;

/// <summary>Makes the room registry at startup, stored where history is (History:Store).</summary>
internal static partial class RoomRegistryFactory
{
    /// <summary>
    /// The SQLite history file (or the PostgreSQL database) keeps registered rooms in its own tables; with history in memory or
    /// off they last until a restart, as accounts do. Runs once, before the chat takes its first
    /// client; returns the registry and the rooms to restore. A failed write is logged (170).
    /// </summary>
    public static async Task<(RoomRegistry Registry, IReadOnlyList<StoredRoom> Rooms)> OpenAsync(IMessageStore? history, RoomOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        IRoomRegistrationStore store = history switch
        {
            SqliteMessageStore sqlite => new SqliteRoomRegistrationStore(sqlite),
            PostgresMessageStore postgres => new PostgresRoomRegistrationStore(postgres),
            _ => new InMemoryRoomRegistrationStore(),
        };
        var rooms = await store.LoadAsync(cancellationToken);
        var registry = new RoomRegistry(store, options.MaxRegisteredPerAccount)
        {
            Faulted = error => LogWriteFailed(logger, error),
        };
        return (registry, rooms);
    }

    /// <summary>Logs the stored rooms not restored (their name is now a permanent room's, or no longer valid).</summary>
    public static void ReportSkipped(ILogger logger, IReadOnlyList<string> skipped)
    {
        foreach (var name in skipped)
        {
            LogSkipped(logger, name);
        }
    }

    [LoggerMessage(EventId = 170, EventName = "RoomRegistrationWriteFailed", Level = LogLevel.Error,
        Message = "A registered room's settings could not be stored; they hold until a restart")]
    private static partial void LogWriteFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 171, EventName = "RegisteredRoomSkipped", Level = LogLevel.Warning,
        Message = "The registered room {Room} was not restored: its name is a permanent room's, or no room name under these settings")]
    private static partial void LogSkipped(ILogger logger, string room);
}
