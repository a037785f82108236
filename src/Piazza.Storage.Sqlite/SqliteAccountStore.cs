using Microsoft.Data.Sqlite;

using Piazza.Core.Accounts;

namespace Piazza.Storage.Sqlite;

/// <summary>
/// Accounts in the history file's <c>accounts</c> table (<see cref="Schema"/>, versions 3 and 6), so they
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
    private const string Select = "SELECT name, password_hash, created_at, is_operator FROM accounts";

    private const string Insert = """
        INSERT INTO accounts (name, password_hash, created_at, is_operator) VALUES ($name, $hash, $created_at, $is_operator)
        ON CONFLICT (name)
        """;

    private readonly HistoryFileConnections _connections;

    /// <summary>Uses the file of <paramref name="history"/>.</summary>
    public SqliteAccountStore(SqliteMessageStore history) => _connections = new HistoryFileConnections(history);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AccountRecord>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Select + " ORDER BY created_at";
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Select + " WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <inheritdoc/>
    public async Task<bool> CreateAsync(AccountRecord account, CancellationToken cancellationToken = default) =>
        await WriteAsync(Insert + " DO NOTHING", account, cancellationToken) == 1;

    /// <inheritdoc/>
    public Task SaveAsync(AccountRecord account, CancellationToken cancellationToken = default) =>
        WriteAsync(Insert + " DO UPDATE SET password_hash = excluded.password_hash", account, cancellationToken);

    /// <inheritdoc/>
    public async Task SetOperatorAsync(string name, bool isOperator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE accounts SET is_operator = $is_operator WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$is_operator", isOperator ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static AccountRecord Read(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), MessageRow.FromStored(reader.GetInt64(2))) { IsOperator = reader.GetInt64(3) != 0 };

    /// <summary>Runs an insert of <paramref name="account"/> (<paramref name="sql"/>: <see cref="Insert"/> and what to do on a conflict); the rows it wrote.</summary>
    private async Task<int> WriteAsync(string sql, AccountRecord account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$is_operator", account.IsOperator ? 1 : 0);
        command.Parameters.AddWithValue("$name", account.Name);
        command.Parameters.AddWithValue("$hash", account.PasswordHash);
        command.Parameters.AddWithValue("$created_at", MessageRow.ToStored(account.CreatedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _connections.OpenAsync(cancellationToken);
}
