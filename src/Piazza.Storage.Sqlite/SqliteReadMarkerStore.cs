using System.Globalization;

using Microsoft.Data.Sqlite;

using Piazza.Core.ReadMarkers;

namespace Piazza.Storage.Sqlite;

/// <summary>
/// Read markers in the history file's <c>read_markers</c> table (<see cref="Schema"/>, version 5),
/// so they survive restarts. Made from an open <see cref="SqliteMessageStore"/>, which has checked
/// the file and brought its schema up to date.
/// </summary>
/// <remarks>
/// No cache: each call opens its own short connection, as <see cref="SqliteAccountStore"/> does,
/// and reads or writes one account's rows by the primary key; the file's page cache keeps them
/// warm. A marker is read when a client with draft/read-marker joins a channel or asks, and
/// written when it has read something: a client's own commands, never the chat's message path
/// (the history writer's batches run on their own connection; WAL lets both go on). A move is one
/// immediate transaction: read, write, trim the account to
/// <see cref="IReadMarkerStore.MaxTargetsPerAccount"/>. Being immediate, two connections moving one
/// marker at once take turns, and the later sees the earlier's value.
/// </remarks>
public sealed class SqliteReadMarkerStore : IReadMarkerStore
{
    private readonly HistoryFileConnections _connections;

    /// <summary>Uses the file of <paramref name="history"/>.</summary>
    public SqliteReadMarkerStore(SqliteMessageStore history) => _connections = new HistoryFileConnections(history);

    /// <inheritdoc/>
    public async Task<DateTimeOffset?> GetAsync(string account, string target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, account, target, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<ReadMarkerChange> AdvanceAsync(string account, string target, DateTimeOffset readAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken); // BEGIN IMMEDIATE
        if (await ReadAsync(connection, transaction, account, target, cancellationToken) is { } stored && stored >= readAt)
        {
            return new ReadMarkerChange(stored, Moved: false);
        }

        await using (var write = connection.CreateCommand())
        {
            write.Transaction = transaction;

            // Past the limit, the target read longest ago goes; never the one just set.
            write.CommandText = """
                INSERT INTO read_markers (account, target, read_at) VALUES ($account, $target, $read_at)
                ON CONFLICT (account, target) DO UPDATE SET read_at = excluded.read_at;
                DELETE FROM read_markers WHERE rowid IN (
                    SELECT rowid FROM read_markers WHERE account = $account AND target <> $target
                    ORDER BY read_at DESC LIMIT -1 OFFSET $keep);
                """;
            write.Parameters.AddWithValue("$account", account);
            write.Parameters.AddWithValue("$target", Key(target));
            write.Parameters.AddWithValue("$read_at", MessageRow.ToStored(readAt));
            write.Parameters.AddWithValue("$keep", IReadMarkerStore.MaxTargetsPerAccount - 1);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ReadMarkerChange(readAt, Moved: true);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One transaction, a scan of the table (no index leads with the target): rooms are renamed
    /// by hand, rarely, and the table holds at most a thousand rows per account.
    /// </remarks>
    public async Task MoveTargetAsync(string target, string newTarget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(newTarget);
        if (Key(target) == Key(newTarget))
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken); // BEGIN IMMEDIATE
        await using (var move = connection.CreateCommand())
        {
            move.Transaction = transaction;

            // "WHERE" before "ON CONFLICT" is what lets SQLite parse an upsert from a SELECT.
            move.CommandText = """
                INSERT INTO read_markers (account, target, read_at)
                    SELECT account, $new, read_at FROM read_markers WHERE target = $old
                ON CONFLICT (account, target) DO UPDATE SET read_at = max(read_at, excluded.read_at);
                DELETE FROM read_markers WHERE target = $old;
                """;
            move.Parameters.AddWithValue("$old", Key(target));
            move.Parameters.AddWithValue("$new", Key(newTarget));
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>How a target is stored and looked up: rooms and nicks compare ignoring ASCII case.</summary>
    private static string Key(string target) => target.ToLower(CultureInfo.InvariantCulture);

    private static async Task<DateTimeOffset?> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, string account, string target, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT read_at FROM read_markers WHERE account = $account AND target = $target";
        read.Parameters.AddWithValue("$account", account);
        read.Parameters.AddWithValue("$target", Key(target));
        return await read.ExecuteScalarAsync(cancellationToken) is long ticks ? MessageRow.FromStored(ticks) : null;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _connections.OpenAsync(cancellationToken);
}
