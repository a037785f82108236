using Microsoft.Data.Sqlite;

using Piazza.Core.Bans;

namespace Piazza.Storage.Sqlite;

/// <summary>
/// Server bans in the history file's <c>server_bans</c> table (<see cref="Schema"/>, version 2),
/// so they survive restarts. Made from an open <see cref="SqliteMessageStore"/>, which has
/// checked the file and brought its schema up to date.
/// </summary>
/// <remarks>
/// Each call opens its own short connection (from the pool) and runs one statement: bans are
/// written a few times a day by operators, never on the chat's hot path. A write waits its turn
/// with the message writer through SQLite's own lock (busy timeout 5 s); in WAL mode reads never wait.
/// </remarks>
public sealed class SqliteServerBanStore : IServerBanStore
{
    private readonly HistoryFileConnections _connections;

    /// <summary>Uses the file of <paramref name="history"/>.</summary>
    public SqliteServerBanStore(SqliteMessageStore history) => _connections = new HistoryFileConnections(history);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ServerBan>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT mask, kind, reason, set_by, set_at, expires_at FROM server_bans ORDER BY set_at";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var bans = new List<ServerBan>();
        while (await reader.ReadAsync(cancellationToken))
        {
            bans.Add(new ServerBan(
                Mask: reader.GetString(0),
                Kind: (ServerBanKind)reader.GetInt32(1),
                Reason: reader.GetString(2),
                SetBy: reader.GetString(3),
                SetAt: MessageRow.FromStored(reader.GetInt64(4)),
                ExpiresAt: reader.IsDBNull(5) ? null : MessageRow.FromStored(reader.GetInt64(5))));
        }

        return bans;
    }

    /// <inheritdoc/>
    public async Task SaveAsync(ServerBan ban, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ban);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO server_bans (mask, kind, reason, set_by, set_at, expires_at)
            VALUES ($mask, $kind, $reason, $set_by, $set_at, $expires_at)
            ON CONFLICT (mask) DO UPDATE SET mask = excluded.mask, kind = excluded.kind, reason = excluded.reason,
                set_by = excluded.set_by, set_at = excluded.set_at, expires_at = excluded.expires_at
            """;
        command.Parameters.AddWithValue("$mask", ban.Mask);
        command.Parameters.AddWithValue("$kind", (int)ban.Kind);
        command.Parameters.AddWithValue("$reason", ban.Reason);
        command.Parameters.AddWithValue("$set_by", ban.SetBy);
        command.Parameters.AddWithValue("$set_at", MessageRow.ToStored(ban.SetAt));
        command.Parameters.AddWithValue("$expires_at", ban.ExpiresAt is { } end ? MessageRow.ToStored(end) : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(string mask, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM server_bans WHERE mask = $mask";
        command.Parameters.AddWithValue("$mask", mask);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _connections.OpenAsync(cancellationToken);
}
