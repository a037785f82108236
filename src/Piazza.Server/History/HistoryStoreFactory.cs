using Piazza.Core.History;

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
            // Until Piazza.Storage.Sqlite lands, "sqlite" keeps history in memory.
            "SQLITE" => new InMemoryMessageStore(),
            _ => throw new InvalidOperationException(
                $"{HistoryOptions.Section}:{nameof(HistoryOptions.Store)} '{options.Store}' is not a store; use sqlite, memory or off."),
        };
}
