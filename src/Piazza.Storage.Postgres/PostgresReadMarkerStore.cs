using Npgsql;

using Piazza.Core.ReadMarkers;

namespace Piazza.Storage.Postgres;

/// <summary>
/// Read markers in <c>piazza.read_markers</c> (<see cref="PostgresSchema"/>), so they survive
/// restarts; on the history store's pool, by the primary key (account, target), no cache.
/// </summary>
/// <remarks>
/// A move is one upsert that only ever moves a marker forward (its WHERE), so two connections
/// moving one marker at once cannot move it back; then, in the same transaction, the account is
/// trimmed to <see cref="IReadMarkerStore.MaxTargetsPerAccount"/> (the target read longest ago
/// goes, never the one just set). Accounts and targets compare ignoring ASCII case.
/// </remarks>
public sealed class PostgresReadMarkerStore(PostgresMessageStore history) : IReadMarkerStore
{
    private const string AdvanceSql = """
        INSERT INTO piazza.read_markers (account_key, target, read_at) VALUES (@account, @target, @read_at)
        ON CONFLICT (account_key, target) DO UPDATE SET read_at = excluded.read_at
            WHERE piazza.read_markers.read_at < excluded.read_at
        RETURNING read_at
        """;

    private const string TrimSql = """
        DELETE FROM piazza.read_markers WHERE account_key = @account AND target IN (
            SELECT target FROM piazza.read_markers WHERE account_key = @account AND target <> @target
            ORDER BY read_at DESC OFFSET @keep)
        """;

    private const string ReadSql = "SELECT read_at FROM piazza.read_markers WHERE account_key = @account AND target = @target";

    private readonly NpgsqlDataSource _database = (history ?? throw new ArgumentNullException(nameof(history))).Database;

    /// <inheritdoc/>
    public async Task<DateTimeOffset?> GetAsync(string account, string target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(target);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, account, target, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<ReadMarkerChange> AdvanceAsync(string account, string target, DateTimeOffset readAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(target);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var advance = new NpgsqlCommand(AdvanceSql, connection, transaction))
        {
            advance.Parameters.AddWithValue("account", PostgresRow.Key(account));
            advance.Parameters.AddWithValue("target", PostgresRow.Key(target));
            advance.Parameters.AddWithValue("read_at", PostgresRow.ToStored(readAt));
            if (await advance.ExecuteScalarAsync(cancellationToken) is not long)
            {
                // The stored marker is as late or later: nothing moved.
                var stored = await ReadAsync(connection, transaction, account, target, cancellationToken) ?? readAt;
                await transaction.CommitAsync(cancellationToken);
                return new ReadMarkerChange(stored, Moved: false);
            }
        }

        await using (var trim = new NpgsqlCommand(TrimSql, connection, transaction))
        {
            trim.Parameters.AddWithValue("account", PostgresRow.Key(account));
            trim.Parameters.AddWithValue("target", PostgresRow.Key(target));
            trim.Parameters.AddWithValue("keep", (long)(IReadMarkerStore.MaxTargetsPerAccount - 1));
            await trim.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ReadMarkerChange(readAt, Moved: true);
    }

    /// <inheritdoc/>
    /// <remarks>One transaction: rooms are renamed by hand, rarely; no index leads with the target, so it scans.</remarks>
    public async Task MoveTargetAsync(string target, string newTarget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(newTarget);
        if (PostgresRow.Key(target) == PostgresRow.Key(newTarget))
        {
            return;
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var move = new NpgsqlCommand("""
            INSERT INTO piazza.read_markers (account_key, target, read_at)
                SELECT account_key, @new, read_at FROM piazza.read_markers WHERE target = @old
            ON CONFLICT (account_key, target) DO UPDATE SET read_at = greatest(piazza.read_markers.read_at, excluded.read_at);
            DELETE FROM piazza.read_markers WHERE target = @old;
            """, connection, transaction))
        {
            move.Parameters.AddWithValue("old", PostgresRow.Key(target));
            move.Parameters.AddWithValue("new", PostgresRow.Key(newTarget));
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<DateTimeOffset?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string account, string target, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(ReadSql, connection, transaction);
        read.Parameters.AddWithValue("account", PostgresRow.Key(account));
        read.Parameters.AddWithValue("target", PostgresRow.Key(target));
        return await read.ExecuteScalarAsync(cancellationToken) is long ticks ? PostgresRow.FromStored(ticks) : null;
    }
}
