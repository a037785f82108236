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
    private const string Select = "SELECT name, password_hash, created_at, is_operator FROM piazza.accounts";

    private const string Insert = """
        INSERT INTO piazza.accounts (name_key, name, password_hash, created_at, is_operator) VALUES (@name_key, @name, @hash, @created_at, @is_operator)
        ON CONFLICT (name_key)
        """;

    private readonly NpgsqlDataSource _database = (history ?? throw new ArgumentNullException(nameof(history))).Database;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AccountRecord>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _database.CreateCommand(Select + " ORDER BY created_at");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<AccountRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(Read(reader));
        }

        return accounts;
    }

    /// <inheritdoc/>
    public async Task<AccountRecord?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var command = _database.CreateCommand(Select + " WHERE name_key = @name_key");
        command.Parameters.AddWithValue("name_key", PostgresRow.Key(name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <inheritdoc/>
    /// <remarks>One statement: of two nodes registering one name at once, the database takes one.</remarks>
    public async Task<bool> CreateAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        await using var command = InsertCommand(Insert + " DO NOTHING", account);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc/>
    public async Task SaveAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        await using var command = InsertCommand(Insert + " DO UPDATE SET password_hash = excluded.password_hash", account);
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

    private static AccountRecord Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), PostgresRow.FromStored(reader.GetInt64(2))) { IsOperator = reader.GetBoolean(3) };

    /// <summary>An insert of <paramref name="account"/> (<paramref name="sql"/>: <see cref="Insert"/> and what to do on a conflict).</summary>
    private NpgsqlCommand InsertCommand(string sql, AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var command = _database.CreateCommand(sql);
        command.Parameters.AddWithValue("name_key", PostgresRow.Key(account.Name));
        command.Parameters.AddWithValue("name", PostgresText.Clean(account.Name));
        command.Parameters.AddWithValue("hash", PostgresText.Clean(account.PasswordHash));
        command.Parameters.AddWithValue("created_at", PostgresRow.ToStored(account.CreatedAt));
        command.Parameters.AddWithValue("is_operator", account.IsOperator);
        return command;
    }
}
