using Microsoft.Extensions.Logging;

using Npgsql;

namespace Piazza.Storage.Postgres;

/// <summary>
/// What the store logs. Failures are logged once per episode, never per message. The database is
/// named by its target (host, port, database), never by its connection string.
/// </summary>
public sealed partial class PostgresMessageStore
{
    [LoggerMessage(EventId = 210, EventName = "PostgresStoreOpened", Level = LogLevel.Information, Message = "History database {Target} open (schema version {Version})")]
    private static partial void LogOpened(ILogger logger, string target, int version);

    [LoggerMessage(EventId = 211, EventName = "PostgresStoreMigrated", Level = LogLevel.Information, Message = "History database {Target}: schema migrated from version {From} to {To}")]
    private static partial void LogMigrated(ILogger logger, string target, int from, int to);

    [LoggerMessage(EventId = 212, EventName = "PostgresStoreWriteFailed", Level = LogLevel.Error, Message = "History store unhealthy: {Problem} (up to {MaxPending} messages are held; beyond that they are dropped)")]
    private static partial void LogWriteFailed(ILogger logger, string problem, int maxPending, Exception exception);

    [LoggerMessage(EventId = 213, EventName = "PostgresStoreWriteRecovered", Level = LogLevel.Information, Message = "History database {Target} is written again, after {Attempts} failed attempts over {Duration}")]
    private static partial void LogWriteRecovered(ILogger logger, string target, int attempts, TimeSpan duration);

    [LoggerMessage(EventId = 214, EventName = "PostgresStoreQueueFull", Level = LogLevel.Warning, Message = "History database {Target}: {MaxPending} messages are waiting to be written; new ones are dropped until the writer catches up")]
    private static partial void LogQueueFull(ILogger logger, string target, int maxPending);

    [LoggerMessage(EventId = 215, EventName = "PostgresStoreQueueDrained", Level = LogLevel.Information, Message = "History database {Target}: the writer caught up; {Dropped} messages were dropped since the start")]
    private static partial void LogQueueDrained(ILogger logger, string target, long dropped);

    [LoggerMessage(EventId = 216, EventName = "PostgresStoreDroppedOnClose", Level = LogLevel.Warning, Message = "History database {Target} closed with {Count} messages unwritten: {Problem}")]
    private static partial void LogDroppedOnClose(ILogger logger, string target, int count, string problem);

    [LoggerMessage(EventId = 217, EventName = "PostgresStorePruned", Level = LogLevel.Information, Message = "History database {Target}: pruned {Count} messages (older than {OlderThan:o}, or beyond the newest {KeepPerRoom} of a room)")]
    private static partial void LogPruned(ILogger logger, string target, long count, DateTimeOffset olderThan, int keepPerRoom);

    [LoggerMessage(EventId = 218, EventName = "PostgresStoreClosed", Level = LogLevel.Information, Message = "History database {Target} closed ({Dropped} messages dropped since the start)")]
    private static partial void LogClosed(ILogger logger, string target, long dropped);

    /// <summary>
    /// What an error was, for the log and <see cref="Health"/>: PostgreSQL's own message and SQLSTATE,
    /// or the client's (a refused or lost connection). Neither holds the connection string.
    /// </summary>
    private static string DescribeError(Exception error) => error switch
    {
        PostgresException postgres => $"{postgres.MessageText.TrimEnd('.')} (SQLSTATE {postgres.SqlState})",
        NpgsqlException { InnerException: { } inner } npgsql => $"{npgsql.Message.TrimEnd('.')}: {inner.Message}",
        _ => error.Message,
    };
}
