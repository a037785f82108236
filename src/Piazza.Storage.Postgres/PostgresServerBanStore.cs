using Npgsql;

using Piazza.Core.Bans;

namespace Piazza.Storage.Postgres;

/// <summary>
/// Server bans in <c>piazza.server_bans</c> (<see cref="PostgresSchema"/>), so they survive restarts;
/// one statement per call on the history store's pool. Masks compare ignoring ASCII case (mask_key).
/// </summary>
public sealed class PostgresServerBanStore(PostgresMessageStore history) : IServerBanStore
{
    private readonly NpgsqlDataSource _database = (history ?? throw new ArgumentNullException(nameof(history))).Database;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ServerBan>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _database.CreateCommand("SELECT mask, kind, reason, set_by, set_at, expires_at FROM piazza.server_bans ORDER BY set_at");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var bans = new List<ServerBan>();
        while (await reader.ReadAsync(cancellationToken))
        {
            bans.Add(new ServerBan(
                Mask: reader.GetString(0),
                Kind: (ServerBanKind)reader.GetInt32(1),
                Reason: reader.GetString(2),
                SetBy: reader.GetString(3),
                SetAt: PostgresRow.FromStored(reader.GetInt64(4)),
                ExpiresAt: reader.IsDBNull(5) ? null : PostgresRow.FromStored(reader.GetInt64(5))));
        }

        return bans;
    }

    /// <inheritdoc/>
    public async Task SaveAsync(ServerBan ban, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ban);
        await using var command = _database.CreateCommand("""
            INSERT INTO piazza.server_bans (mask_key, mask, kind, reason, set_by, set_at, expires_at)
            VALUES (@mask_key, @mask, @kind, @reason, @set_by, @set_at, @expires_at)
            ON CONFLICT (mask_key) DO UPDATE SET mask = excluded.mask, kind = excluded.kind, reason = excluded.reason,
                set_by = excluded.set_by, set_at = excluded.set_at, expires_at = excluded.expires_at
            """);
        command.Parameters.AddWithValue("mask_key", PostgresRow.Key(ban.Mask));
        command.Parameters.AddWithValue("mask", PostgresText.Clean(ban.Mask));
        command.Parameters.AddWithValue("kind", (int)ban.Kind);
        command.Parameters.AddWithValue("reason", PostgresText.Clean(ban.Reason));
        command.Parameters.AddWithValue("set_by", PostgresText.Clean(ban.SetBy));
        command.Parameters.AddWithValue("set_at", PostgresRow.ToStored(ban.SetAt));
        command.Parameters.Add(new NpgsqlParameter<long?>("expires_at", ban.ExpiresAt is { } end ? PostgresRow.ToStored(end) : null));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(string mask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mask);
        await using var command = _database.CreateCommand("DELETE FROM piazza.server_bans WHERE mask_key = @mask_key");
        command.Parameters.AddWithValue("mask_key", PostgresRow.Key(mask));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
