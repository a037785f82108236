using Microsoft.Data.Sqlite;

namespace Piazza.Storage.Sqlite;

/// <summary>Retention: deleting by age and by count per room, in small transactions between the writer's.</summary>
public sealed partial class SqliteMessageStore
{
    /// <summary>
    /// The most rows one prune transaction deletes: a few tens of milliseconds of holding the
    /// writer's connection, so appends never wait long behind a big prune.
    /// </summary>
    private const int PruneChunk = 5_000;

    // The room keys, one seek each: the same loose index scan as TARGETS (see TargetsSql).
    private const string RoomKeysSql = """
        WITH RECURSIVE rooms(room_key) AS (
            SELECT min(room_key) FROM messages
            UNION ALL
            SELECT (SELECT min(room_key) FROM messages WHERE room_key > rooms.room_key)
            FROM rooms WHERE rooms.room_key IS NOT NULL
        )
        SELECT room_key FROM rooms WHERE room_key IS NOT NULL
        """;

    // By age: the room's oldest messages, on messages_room_time. DELETE has no LIMIT in the
    // stock SQLite build, so a chunk is chosen by seq in a subquery.
    private const string PruneByAgeSql = """
        DELETE FROM messages WHERE seq IN (
            SELECT seq FROM messages WHERE room_key = $room AND time < $time ORDER BY time LIMIT $chunk)
        """;

    // By count: the seq of the newest message beyond the $keep newest (OFFSET walks $keep
    // entries of messages_room_seq backwards from the end); it and all older go.
    private const string CountCutSql = """
        SELECT seq FROM messages WHERE room_key = $room ORDER BY seq DESC LIMIT 1 OFFSET $keep
        """;

    private const string PruneByCountSql = """
        DELETE FROM messages WHERE seq IN (
            SELECT seq FROM messages WHERE room_key = $room AND seq <= $cut ORDER BY seq LIMIT $chunk)
        """;

    /// <inheritdoc/>
    /// <remarks>
    /// Prunes what is stored: messages still queued are not seen (flush first to include them).
    /// Deletes at most 5,000 rows per transaction, taking turns with the writer.
    /// </remarks>
    /// <exception cref="HistoryStoreException">Deleting failed (disk full, read-only file); what was deleted before stays deleted.</exception>
    public async Task<long> PruneAsync(DateTimeOffset olderThan, int keepPerRoom, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepPerRoom);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            var rooms = new List<string>();
            await using (var connection = await OpenReaderAsync(cancellationToken))
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = RoomKeysSql;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rooms.Add(reader.GetString(0));
                }
            }

            long removed = 0;
            foreach (var room in rooms)
            {
                removed += await DeleteInChunksAsync(PruneByAgeSql, room, "$time", MessageRow.ToStored(olderThan), cancellationToken);
                if (await CountCutAsync(room, keepPerRoom, cancellationToken) is { } cut)
                {
                    removed += await DeleteInChunksAsync(PruneByCountSql, room, "$cut", cut, cancellationToken);
                }
            }

            LogPruned(_logger, _path, removed, olderThan, keepPerRoom);
            return removed;
        }
        catch (SqliteException ex)
        {
            throw new HistoryStoreException(_path, $"pruning history failed: {DescribeWriteError(ex)}", ex);
        }
        finally
        {
            // The recent tails may hold what was just deleted: they are made again from the file.
            _recent.Clear();
        }
    }

    private async Task<long?> CountCutAsync(string room, int keep, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = CountCutSql;
        command.Parameters.AddWithValue("$room", room);
        command.Parameters.AddWithValue("$keep", keep);
        return await command.ExecuteScalarAsync(cancellationToken) is long cut ? cut : null;
    }

    /// <summary>Runs a chunked DELETE until it deletes less than a chunk; returns how many rows went.</summary>
    private async Task<long> DeleteInChunksAsync(string sql, string room, string name, long value, CancellationToken cancellationToken)
    {
        long removed = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int deleted;
            await _writeGate.WaitAsync(cancellationToken);
            try
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                using var transaction = _writeConnection.BeginTransaction();
                using var command = _writeConnection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                command.Parameters.AddWithValue("$room", room);
                command.Parameters.AddWithValue(name, value);
                command.Parameters.AddWithValue("$chunk", PruneChunk);
                deleted = command.ExecuteNonQuery();
                transaction.Commit();
            }
            finally
            {
                _writeGate.Release();
            }

            removed += deleted;
            if (deleted < PruneChunk)
            {
                return removed;
            }
        }
    }
}
