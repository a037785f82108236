using Piazza.Core.History;
using Piazza.Core.ReadMarkers;
using Piazza.Storage.Postgres;
using Piazza.Storage.Sqlite;

namespace Piazza.Server.Accounts;

/// <summary>Picks where the accounts' read markers last at startup: where accounts do (History:Store).</summary>
internal static class ReadMarkerStoreFactory
{
    /// <summary>
    /// The SQLite history file (or the PostgreSQL database) keeps them in its own table, read and written on demand; with
    /// history in memory or off they last until a restart, as accounts do.
    /// </summary>
    public static IReadMarkerStore Open(IMessageStore? history) =>
        history switch
        {
            SqliteMessageStore sqlite => new SqliteReadMarkerStore(sqlite),
            PostgresMessageStore postgres => new PostgresReadMarkerStore(postgres),
            _ => new InMemoryReadMarkerStore(),
        };
}
