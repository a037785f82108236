using Piazza.Core.Accounts;
using Piazza.Core.History;
using Piazza.Storage.Postgres;
using Piazza.Storage.Sqlite;

namespace Piazza.Server.Accounts;

/// <summary>Makes the account list at startup, stored where history is (History:Store).</summary>
internal static class AccountListFactory
{
    /// <summary>
    /// The SQLite history file (or the PostgreSQL database) keeps accounts in its own table; with history in memory or off they
    /// last until a restart (the startup log says so). Runs once, before the chat takes its first client.
    /// </summary>
    public static async Task<AccountList> OpenAsync(IMessageStore? history, CancellationToken cancellationToken)
    {
        IAccountStore store = history switch
        {
            SqliteMessageStore sqlite => new SqliteAccountStore(sqlite),
            PostgresMessageStore postgres => new PostgresAccountStore(postgres),
            _ => new InMemoryAccountStore(),
        };
        var accounts = new AccountList(store);
        await accounts.LoadAsync(cancellationToken);
        return accounts;
    }
}
