using Piazza.Core.History;
using Piazza.Storage.Sqlite;

namespace Piazza.Server.History;

/// <summary>Opens the history store the configuration asks for (History:Store).</summary>
internal static class HistoryStoreFactory
{
    /// <summary>
    /// The store, or null when history is off. Runs once at startup: a store that cannot be
    /// opened (a corrupt or foreign file) stops the server with an error naming the file.
    /// </summary>
    public static IMessageStore? Open(HistoryOptions options, ILoggerFactory loggers, TimeProvider time) =>
        options.Store.ToUpperInvariant() switch
        {
            "OFF" => null,
            "MEMORY" => new InMemoryMessageStore(),
            "SQLITE" => OpenSqlite(options, loggers, time),
            _ => throw new InvalidOperationException(
                $"{HistoryOptions.Section}:{nameof(HistoryOptions.Store)} '{options.Store}' is not a store; use sqlite, memory or off."),
        };

    private static SqliteMessageStore OpenSqlite(HistoryOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        var path = Path.GetFullPath(options.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var sqlite = new SqliteStoreOptions
        {
            Path = path,
            CommitInterval = TimeSpan.FromMilliseconds(options.CommitIntervalMilliseconds),
        };
        // Startup only: the host waits for this before it listens, so blocking here is harmless.
        return SqliteMessageStore.OpenAsync(sqlite, loggers.CreateLogger<SqliteMessageStore>(), time, CancellationToken.None)
            .GetAwaiter().GetResult();
    }
}
