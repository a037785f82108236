using Piazza.Core.Bans;
using Piazza.Core.History;
using Piazza.Storage.Sqlite;

namespace Piazza.Server.Operators;

/// <summary>Makes the server ban list at startup, stored where history is (History:Store).</summary>
internal static class ServerBanListFactory
{
    /// <summary>
    /// The SQLite history file keeps bans in its own table; with history in memory or off they
    /// last until a restart. Runs once at startup: the host waits for it before it listens.
    /// </summary>
    public static ServerBanList Open(IMessageStore? history, TimeProvider time)
    {
        IServerBanStore store = history is SqliteMessageStore sqlite ? new SqliteServerBanStore(sqlite) : new InMemoryServerBanStore();
        var bans = new ServerBanList(store, time);
        bans.LoadAsync().GetAwaiter().GetResult();
        return bans;
    }
}
