using Npgsql;

using Piazza.Core.Accounts;

namespace Piazza.Storage.Postgres;

/// <summary>
/// Accounts in <c>piazza.accounts</c> (<see cref="PostgresSchema"/>), so they survive restarts. Made
/// from an open <see cref="PostgresMessageStore"/>, which has brought the schema up to date, and
/// uses its pool of connections.
/// </summary>
/// <remarks>
/// One statement per call on a pooled connection: accounts are written when someone registers or a
/// password is rehashed, never on the chat's hot path. The password hash is stored as the server
/// made it (a KDF string); no password is. Names compare ignoring ASCII case (name_key).
/// </remarks>
public sealed class PostgresAccountStore(PostgresMessageStore history) : IAccountStore
{
    private readonly NpgsqlDataSource _database = (history ?? throw new ArgumentNullException(nameof(history))).Database;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AccountRecord>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _database.CreateCommand("SELECT name, password_hash, created_at, is_operator FROM piazza.accounts ORDER BY created_at");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<AccountRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(new AccountRecord(reader.GetString(0), reader.GetString(1), PostgresRow.FromStored(reader.GetInt64(2))) { IsOperator = reader.GetBoolean(3) });
        }

        return accounts;
    }

    /// <inheritdoc/>
    public async Task SaveAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var command = _database.CreateCommand("""
            INSERT INTO piazza.accounts (name_key, name, password_hash, created_at, is_operator) VALUES (@name_key, @name, @hash, @created_at, @is_operator)
            ON CONFLICT (name_key) DO UPDATE SET password_hash = excluded.password_hash
            """);
        command.Parameters.AddWithValue("name_key", PostgresRow.Key(account.Name));
        command.Parameters.AddWithValue("name", PostgresText.Clean(account.Name));
        command.Parameters.AddWithValue("hash", PostgresText.Clean(account.PasswordHash));
        command.Parameters.AddWithValue("created_at", PostgresRow.ToStored(account.CreatedAt));
        command.Parameters.AddWithValue("is_operator", account.IsOperator);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task SetOperatorAsync(string name, bool isOperator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var command = _database.CreateCommand("UPDATE piazza.accounts SET is_operator = @is_operator WHERE name_key = @name_key");
        command.Parameters.AddWithValue("name_key", PostgresRow.Key(name));
        command.Parameters.AddWithValue("is_operator", isOperator);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
