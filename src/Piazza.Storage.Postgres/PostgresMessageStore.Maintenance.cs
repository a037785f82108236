using Npgsql;

namespace Piazza.Storage.Postgres;

/// <summary>Redaction and retention: deletes on their own pooled connections, beside the writer (MVCC: neither waits for the other).</summary>
public sealed partial class PostgresMessageStore
{
    /// <summary>The most rows one prune transaction deletes: short transactions, little to redo when one fails.</summary>
    private const int PruneChunk = 5_000;

    private const string DeleteSql = "DELETE FROM piazza.messages WHERE msgid = @id AND room_key = @room";

    // The room and conversation keys, one seek each on messages_room_seq (a loose index scan).
    private const string RoomKeysSql = """
        WITH RECURSIVE rooms(room_key) AS (
            SELECT min(room_key) FROM piazza.messages
            UNION ALL
            SELECT (SELECT min(m.room_key) FROM piazza.messages AS m WHERE m.room_key > rooms.room_key)
            FROM rooms WHERE rooms.room_key IS NOT NULL
        )
        SELECT room_key FROM rooms WHERE room_key IS NOT NULL
        """;

    // By age: the room's oldest messages, on messages_room_time, a chunk at a time.
    private const string PruneByAgeSql = """
        DELETE FROM piazza.messages WHERE seq IN (
            SELECT seq FROM piazza.messages WHERE room_key = @room AND time < @value ORDER BY time LIMIT @chunk)
        """;

    // By count: the seq of the newest message beyond the @keep newest; it and all older go.
    private const string CountCutSql = "SELECT seq FROM piazza.messages WHERE room_key = @room ORDER BY seq DESC LIMIT 1 OFFSET @keep";

    private const string PruneByCountSql = """
        DELETE FROM piazza.messages WHERE seq IN (
            SELECT seq FROM piazza.messages WHERE room_key = @room AND seq <= @value ORDER BY seq LIMIT @chunk)
        """;

    /// <inheritdoc/>
    /// <remarks>
    /// Commits what is queued first, so a message redacted right after it was said (still waiting
    /// for its group commit) is deleted, not written afterwards. Then the room's recent tail is
    /// dropped and made again from the database on the next read.
    /// </remarks>
    /// <exception cref="PostgresStoreException">Deleting failed (PostgreSQL down or refusing).</exception>
    public async Task<bool> DeleteAsync(string room, string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(messageId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await CatchUpAsync(cancellationToken);
        try
        {
            await using var command = _database.CreateCommand(DeleteSql);
            command.Parameters.AddWithValue("id", PostgresText.Clean(messageId));
            command.Parameters.AddWithValue("room", PostgresRow.RoomKey(room));
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }
        catch (NpgsqlException ex)
        {
            throw new PostgresStoreException(_target, $"deleting a message failed: {DescribeError(ex)}", ex);
        }
        finally
        {
            // After the delete: a read that began before it and seeds the old tail finds it gone.
            _recent.Forget(room);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Prunes what is stored: messages still queued are not seen (flush first to include them).
    /// Deletes at most 5,000 rows per transaction.
    /// </remarks>
    /// <exception cref="PostgresStoreException">Deleting failed; what was deleted before stays deleted.</exception>
    public async Task<long> PruneAsync(DateTimeOffset olderThan, int keepPerRoom, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepPerRoom);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            var rooms = new List<string>();
            await using (var command = _database.CreateCommand(RoomKeysSql))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rooms.Add(reader.GetString(0));
                }
            }

            long removed = 0;
            foreach (var room in rooms)
            {
                removed += await DeleteInChunksAsync(PruneByAgeSql, room, PostgresRow.ToStored(olderThan), cancellationToken);
                await using var cut = _database.CreateCommand(CountCutSql);
                cut.Parameters.AddWithValue("room", room);
                cut.Parameters.AddWithValue("keep", (long)keepPerRoom);
                if (await cut.ExecuteScalarAsync(cancellationToken) is long seq)
                {
                    removed += await DeleteInChunksAsync(PruneByCountSql, room, seq, cancellationToken);
                }
            }

            LogPruned(_logger, _target, removed, olderThan, keepPerRoom);
            return removed;
        }
        catch (NpgsqlException ex)
        {
            throw new PostgresStoreException(_target, $"pruning history failed: {DescribeError(ex)}", ex);
        }
        finally
        {
            // The recent tails may hold what was just deleted: they are made again from the database.
            _recent.Clear();
        }
    }

    /// <summary>Runs a chunked DELETE until it deletes less than a chunk; returns how many rows went.</summary>
    private async Task<long> DeleteInChunksAsync(string sql, string room, long value, CancellationToken cancellationToken)
    {
        long removed = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var command = _database.CreateCommand(sql);
            command.Parameters.AddWithValue("room", room);
            command.Parameters.AddWithValue("value", value);
            command.Parameters.AddWithValue("chunk", PruneChunk);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            removed += deleted;
            if (deleted < PruneChunk)
            {
                return removed;
            }
        }
    }
}
