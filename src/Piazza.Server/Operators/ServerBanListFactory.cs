using Piazza.Core.Bans;
using Piazza.Core.History;
using Piazza.Storage.Postgres;
using Piazza.Storage.Sqlite;

namespace Piazza.Server.Operators;

/// <summary>Makes the server ban list at startup, stored where history is (History:Store).</summary>
internal static class ServerBanListFactory
{
    /// <summary>
    /// The SQLite history file (or the PostgreSQL database) keeps bans in its own table; with history in memory or off they
    /// last until a restart. Runs once at startup, before the chat takes its first client.
    /// </summary>
    public static async Task<ServerBanList> OpenAsync(IMessageStore? history, TimeProvider time, CancellationToken cancellationToken)
    {
        IServerBanStore store = history switch
        {
            SqliteMessageStore sqlite => new SqliteServerBanStore(sqlite),
            PostgresMessageStore postgres => new PostgresServerBanStore(postgres),
            _ => new InMemoryServerBanStore(),
        };
        var bans = new ServerBanList(store, time);
        await bans.LoadAsync(cancellationToken);
        return bans;
    }
}
