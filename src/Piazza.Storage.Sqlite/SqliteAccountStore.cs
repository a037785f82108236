using Microsoft.Data.Sqlite;

using Piazza.Core.Accounts;

namespace Piazza.Storage.Sqlite;

/// <summary>
/// Accounts in the history file's <c>accounts</c> table (<see cref="Schema"/>, version 3), so they
/// survive restarts. Made from an open <see cref="SqliteMessageStore"/>, which has checked the file
/// and brought its schema up to date.
/// </summary>
/// <remarks>
/// Each call opens its own short connection and runs one statement, as <see cref="SqliteServerBanStore"/>
/// does: accounts are written when someone registers or a password is rehashed, never on the chat's
/// hot path. The password hash is stored as the server made it (a KDF string); no password is.
/// </remarks>
public sealed class SqliteAccountStore : IAccountStore
{
    private readonly HistoryFileConnections _connections;

    /// <summary>Uses the file of <paramref name="history"/>.</summary>
    public SqliteAccountStore(SqliteMessageStore history) => _connections = new HistoryFileConnections(history);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AccountRecord>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, password_hash, created_at FROM accounts ORDER BY created_at";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<AccountRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(new AccountRecord(reader.GetString(0), reader.GetString(1), MessageRow.FromStored(reader.GetInt64(2))));
        }

        return accounts;
    }

    /// <inheritdoc/>
    public async Task SaveAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO accounts (name, password_hash, created_at) VALUES ($name, $hash, $created_at)
            ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash
            """;
        command.Parameters.AddWithValue("$name", account.Name);
        command.Parameters.AddWithValue("$hash", account.PasswordHash);
        command.Parameters.AddWithValue("$created_at", MessageRow.ToStored(account.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _connections.OpenAsync(cancellationToken);
}
