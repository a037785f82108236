using Piazza.Core.History;
using Piazza.Server.Hosting;
using Piazza.Storage.Postgres;
using Piazza.Storage.Sqlite;

namespace Piazza.Server.History;

/// <summary>Opens the history store the configuration asks for (History:Store).</summary>
internal static class HistoryStoreFactory
{
    /// <summary>
    /// The store, or null when history is off. Runs once at startup: a store that cannot be
    /// opened (a corrupt or foreign file) stops the server with an error naming the file.
    /// </summary>
    public static async Task<IMessageStore?> OpenAsync(HistoryOptions options, DataOptions data, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken) =>
        options.Store.ToUpperInvariant() switch
        {
            "OFF" => null,
            "MEMORY" => new InMemoryMessageStore(),
            "SQLITE" => await OpenSqliteAsync(options, data, loggers, time, cancellationToken),
            "POSTGRESQL" => await OpenPostgresAsync(options, loggers, time, cancellationToken),
            _ => throw new InvalidOperationException(
                $"{HistoryOptions.Section}:{nameof(HistoryOptions.Store)} '{options.Store}' is not a store; use sqlite, postgresql, memory or off."),
        };

    /// <summary>Where the history lives: a description for the startup line (the file, or why there is none).</summary>
    public static string Describe(HistoryOptions options, DataOptions data) =>
        options.Store.ToUpperInvariant() switch
        {
            "SQLITE" => data.Resolve(options.Path),
            "POSTGRESQL" => PostgresTarget.Describe(options.Postgres),
            "MEMORY" => "in memory only (lost on restart)",
            _ => "off",
        };

    private static Task<SqliteMessageStore> OpenSqliteAsync(HistoryOptions options, DataOptions data, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        var path = data.Resolve(options.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var sqlite = new SqliteStoreOptions
        {
            Path = path,
            CommitInterval = TimeSpan.FromMilliseconds(options.CommitIntervalMilliseconds),
        };
        return SqliteMessageStore.OpenAsync(sqlite, loggers.CreateLogger<SqliteMessageStore>(), time, cancellationToken);
    }

    private static Task<PostgresMessageStore> OpenPostgresAsync(HistoryOptions options, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        var postgres = new PostgresStoreOptions
        {
            ConnectionString = options.Postgres,
            CommitInterval = TimeSpan.FromMilliseconds(options.CommitIntervalMilliseconds),
        };
        return PostgresMessageStore.OpenAsync(postgres, loggers.CreateLogger<PostgresMessageStore>(), time, cancellationToken);
    }
}
