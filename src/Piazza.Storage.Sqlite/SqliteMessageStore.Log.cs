using Microsoft.Extensions.Logging;

namespace Piazza.Storage.Sqlite;

/// <summary>What the store logs. Failures are logged once per episode, never per message.</summary>
public sealed partial class SqliteMessageStore
{
    [LoggerMessage(EventId = 200, EventName = "StoreOpened", Level = LogLevel.Information, Message = "History database {Path} open (schema version {Version})")]
    private static partial void LogOpened(ILogger logger, string path, int version);

    [LoggerMessage(EventId = 201, EventName = "StoreMigrated", Level = LogLevel.Information, Message = "History database {Path}: schema migrated from version {From} to {To}")]
    private static partial void LogMigrated(ILogger logger, string path, int from, int to);

    [LoggerMessage(EventId = 202, EventName = "StoreWriteFailed", Level = LogLevel.Error, Message = "History store unhealthy: {Problem} (up to {MaxPending} messages are held; beyond that they are dropped)")]
    private static partial void LogWriteFailed(ILogger logger, string problem, int maxPending, Exception exception);

    [LoggerMessage(EventId = 203, EventName = "StoreWriteRecovered", Level = LogLevel.Information, Message = "History database {Path} is written again, after {Attempts} failed attempts over {Duration}")]
    private static partial void LogWriteRecovered(ILogger logger, string path, int attempts, TimeSpan duration);

    [LoggerMessage(EventId = 204, EventName = "StoreQueueFull", Level = LogLevel.Warning, Message = "History database {Path}: {MaxPending} messages are waiting to be written; new ones are dropped until the writer catches up")]
    private static partial void LogQueueFull(ILogger logger, string path, int maxPending);

    [LoggerMessage(EventId = 205, EventName = "StoreQueueDrained", Level = LogLevel.Information, Message = "History database {Path}: the writer caught up; {Dropped} messages were dropped since the start")]
    private static partial void LogQueueDrained(ILogger logger, string path, long dropped);

    [LoggerMessage(EventId = 206, EventName = "StoreDroppedOnClose", Level = LogLevel.Warning, Message = "History database {Path} closed with {Count} messages unwritten: {Problem}")]
    private static partial void LogDroppedOnClose(ILogger logger, string path, int count, string problem);

    [LoggerMessage(EventId = 207, EventName = "StorePruned", Level = LogLevel.Information, Message = "History database {Path}: pruned {Count} messages (older than {OlderThan:o}, or beyond the newest {KeepPerRoom} of a room)")]
    private static partial void LogPruned(ILogger logger, string path, long count, DateTimeOffset olderThan, int keepPerRoom);

    [LoggerMessage(EventId = 208, EventName = "StoreClosed", Level = LogLevel.Information, Message = "History database {Path} closed ({Dropped} messages dropped since the start)")]
    private static partial void LogClosed(ILogger logger, string path, long dropped);
}
