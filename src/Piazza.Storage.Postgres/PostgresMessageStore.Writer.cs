using Npgsql;

using NpgsqlTypes;

using Piazza.Core.History;

namespace Piazza.Storage.Postgres;

/// <summary>The one writer: drains the queue and commits it in batches; rides out PostgreSQL being down.</summary>
public sealed partial class PostgresMessageStore
{
    /// <summary>The first retry after a failed write comes this soon; each further one waits twice as long.</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    // One statement per run of messages: the batch's columns as arrays, unnested back into rows in
    // queue order (seq is given in the order rows are inserted). ON CONFLICT: a msgid stored twice
    // (a replayed event) keeps the first copy instead of failing the batch. The triggers keep
    // room_topics and conversations in the same transaction (PostgresSchema).
    private const string InsertSql = """
        INSERT INTO piazza.messages (msgid, time, room_key, room, kind, sender_nick, sender_name, sender_mask, text)
        SELECT msgid, time, room_key, room, kind, sender_nick, sender_name, sender_mask, text
        FROM unnest(@msgid, @time, @room_key, @room, @kind, @sender_nick, @sender_name, @sender_mask, @text)
            WITH ORDINALITY AS m(msgid, time, room_key, room, kind, sender_nick, sender_name, sender_mask, text, position)
        ORDER BY position
        ON CONFLICT (msgid) DO NOTHING
        """;

    // A rename: the room's rows and its last topic move; the topic replaces any an earlier room of
    // the new name left.
    private const string MoveSql = """
        UPDATE piazza.messages SET room_key = @to_key, room = @to WHERE room_key = @from_key;
        DELETE FROM piazza.room_topics WHERE room_key = @to_key AND @to_key <> @from_key;
        UPDATE piazza.room_topics SET room_key = @to_key, room = @to WHERE room_key = @from_key;
        """;

    private readonly Lock _flushGate = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _flushWaiters = [];
    private bool _writerExited;

    /// <summary>Set by a flush or by closing: wakes the writer from any wait.</summary>
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set by <see cref="Append"/> when a full batch is pending: ends the group-commit wait only.</summary>
    private TaskCompletionSource _batchFull = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool _flushRequested;

    /// <summary>The last commit's lag (<see cref="StoreHealth.WriteLag"/>), in ticks.</summary>
    private long _lastWriteLagTicks;
    private bool _stopping;
    private bool _overflowing;
    private bool _overflowLogged;

    /// <summary>Why writing fails, while it does (the first error); null while writing works.</summary>
    private string? _writeProblem;

    /// <summary>Raised by the writer when <see cref="Health"/> changes (write failure or recovery, queue full or drained).</summary>
    internal event Action<StoreHealth>? HealthChanged;

    /// <summary>
    /// The writer loop. Takes everything pending (up to MaxBatch) and commits it in one
    /// transaction, then waits until a commit interval has passed since the last commit began
    /// (unless a batch is full, a flush asks, or the store closes) and takes the next batch.
    /// When a commit fails (PostgreSQL down or refusing), the batch is kept and retried with
    /// backoff; the queue behind it fills up to MaxPending, beyond which Append drops. Never throws.
    /// </summary>
    private async Task RunWriterAsync()
    {
        var batch = new List<QueuedWrite>(Math.Min(_maxBatch, 4096));
        long? lastCommit = null;
        var failures = 0;
        var failingSince = 0L;
        while (true)
        {
            if (batch.Count == 0)
            {
                if (!await _queue.Reader.WaitToReadAsync())
                {
                    break;
                }

                var wait = lastCommit is { } last ? _commitInterval - _time.GetElapsedTime(last) : TimeSpan.Zero;
                if (wait > TimeSpan.Zero)
                {
                    await PauseAsync(wait, untilBatchFull: true);
                }

                // Reset before taking the batch: a flush that comes after this takes the next one.
                Volatile.Write(ref _flushRequested, false);
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var message))
                {
                    batch.Add(message);
                }
            }

            lastCommit = _time.GetTimestamp();
            var error = await TryCommitAsync(batch);
            if (error is null)
            {
                RecordWriteLag(batch);
                if (failures > 0)
                {
                    // Before the waiters are released: a commit waiter reads it (CommitAsync).
                    Volatile.Write(ref _writeProblem, null);
                }

                Complete(batch.Count, dropped: false);
                batch.Clear();
                if (failures > 0)
                {
                    var outage = _time.GetElapsedTime(failingSince);
                    LogWriteRecovered(_logger, _target, failures, outage);
                    Volatile.Write(ref _writeProblem, null);
                    failures = 0;
                    RaiseHealthChanged();
                }

                WatchOverflow();
                continue;
            }

            if (failures++ == 0)
            {
                // Logged once per outage, not per message or per attempt.
                failingSince = _time.GetTimestamp();
                var problem = $"cannot write to {_target}: {DescribeError(error)}; chat goes on, messages are kept and retried";
                Volatile.Write(ref _writeProblem, problem);
                LogWriteFailed(_logger, problem, _maxPending, error);
                RaiseHealthChanged();
            }

            // Everyone waiting on a flush learns (through Health) that the write failed.
            ReleaseAllFlushWaiters();
            WatchOverflow();
            if (Volatile.Read(ref _stopping))
            {
                DropOnClose(batch, error);
                break;
            }

            await PauseAsync(RetryDelay(failures), untilBatchFull: false);
        }

        lock (_flushGate)
        {
            _writerExited = true;
        }

        ReleaseAllFlushWaiters();
    }

    /// <summary>Commits <paramref name="batch"/> in one transaction on a pooled connection; the error when it fails.</summary>
    private async Task<Exception?> TryCommitAsync(List<QueuedWrite> batch)
    {
        try
        {
            await using var connection = await _database.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var start = 0;
            while (start < batch.Count)
            {
                if (batch[start].Move is { } move)
                {
                    await ExecuteMoveAsync(connection, transaction, move);
                    start++;
                    continue;
                }

                var end = start;
                while (end < batch.Count && batch[end].Message is not null)
                {
                    end++;
                }

                await InsertAsync(connection, transaction, batch, start, end);
                start = end;
            }

            await transaction.CommitAsync();
            foreach (var write in batch)
            {
                if (write.Move is { } moved)
                {
                    ForgetTails(moved);
                }
            }

            return null;
        }
#pragma warning disable CA1031 // The writer must outlive any failure: it reports it and retries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    /// <summary>Inserts the messages batch[start..end) with one statement, in queue order.</summary>
    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<QueuedWrite> batch, int start, int end)
    {
        var count = end - start;
        var ids = new List<string>(count);
        var times = new List<long>(count);
        var keys = new List<string>(count);
        var rooms = new List<string>(count);
        var kinds = new List<int>(count);
        var nicks = new List<string>(count);
        var names = new List<string>(count);
        var masks = new List<string>(count);
        var texts = new List<string>(count);
        for (var i = start; i < end; i++)
        {
            var message = batch[i].Message!;

            // A caller that ignored nullable warnings gets its row skipped, not the batch failed for ever.
            if (message.MessageId is null || message.Room is null || message.SenderNick is null
                || message.SenderName is null || message.SenderMask is null || message.Text is null)
            {
                continue;
            }

            ids.Add(PostgresText.Clean(message.MessageId));
            times.Add(PostgresRow.ToStored(message.Time));
            keys.Add(PostgresRow.Key(message.Room));
            rooms.Add(PostgresText.Clean(message.Recipient ?? message.Room));
            kinds.Add((int)message.Kind);
            nicks.Add(PostgresText.Clean(message.SenderNick));
            names.Add(PostgresText.Clean(message.SenderName));
            masks.Add(PostgresText.Clean(message.SenderMask));
            texts.Add(PostgresText.Clean(message.Text));
        }

        if (ids.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(InsertSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<List<string>>("msgid", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<List<long>>("time", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = times });
        command.Parameters.Add(new NpgsqlParameter<List<string>>("room_key", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = keys });
        command.Parameters.Add(new NpgsqlParameter<List<string>>("room", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = rooms });
        command.Parameters.Add(new NpgsqlParameter<List<int>>("kind", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = kinds });
        command.Parameters.Add(new NpgsqlParameter<List<string>>("sender_nick", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = nicks });
        command.Parameters.Add(new NpgsqlParameter<List<string>>("sender_name", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = names });
        command.Parameters.Add(new NpgsqlParameter<List<string>>("sender_mask", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = masks });
        command.Parameters.Add(new NpgsqlParameter<List<string>>("text", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = texts });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Moves the rows of <paramref name="move"/>, inside the writer's open transaction.</summary>
    private static async Task ExecuteMoveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RoomMove move)
    {
        await using var command = new NpgsqlCommand(MoveSql, connection, transaction);
        command.Parameters.AddWithValue("from_key", PostgresRow.Key(move.From));
        command.Parameters.AddWithValue("to_key", PostgresRow.Key(move.To));
        command.Parameters.AddWithValue("to", PostgresText.Clean(move.To));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Notes how long the oldest message of a committed batch waited to be written (the batch is in queue order).</summary>
    private void RecordWriteLag(List<QueuedWrite> batch)
    {
        foreach (var write in batch)
        {
            if (write.Message is { } oldest)
            {
                var lag = _time.GetUtcNow() - oldest.Time;
                Interlocked.Exchange(ref _lastWriteLagTicks, Math.Max(0, lag.Ticks));
                return;
            }
        }
    }

    /// <summary>Counts <paramref name="count"/> messages as done and releases the flushes they complete.</summary>
    private void Complete(int count, bool dropped)
    {
        if (dropped)
        {
            Interlocked.Add(ref _dropped, count);
        }

        lock (_flushGate)
        {
            var completed = Interlocked.Add(ref _completed, count);
            for (var i = _flushWaiters.Count - 1; i >= 0; i--)
            {
                if (_flushWaiters[i].Target <= completed)
                {
                    _flushWaiters[i].Done.TrySetResult();
                    _flushWaiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Releases every waiting flush: the writer just failed (they learn why from Health) or has stopped.</summary>
    private void ReleaseAllFlushWaiters()
    {
        lock (_flushGate)
        {
            foreach (var (_, done) in _flushWaiters)
            {
                done.TrySetResult();
            }

            _flushWaiters.Clear();
        }
    }

    /// <summary>Closing while writing fails: the batch and the rest of the queue are lost, and said so once.</summary>
    private void DropOnClose(List<QueuedWrite> batch, Exception error)
    {
        var lost = batch.Count;
        batch.Clear();
        while (_queue.Reader.TryRead(out _))
        {
            lost++;
        }

        Complete(lost, dropped: true);
        LogDroppedOnClose(_logger, _target, lost, DescribeError(error));
    }

    /// <summary>Logs once when the queue overflowed, and once when it is below half again.</summary>
    private void WatchOverflow()
    {
        if (!Volatile.Read(ref _overflowing))
        {
            return;
        }

        if (!_overflowLogged)
        {
            _overflowLogged = true;
            LogQueueFull(_logger, _target, _maxPending);
            RaiseHealthChanged();
        }

        if (Pending < _maxPending / 2)
        {
            _overflowLogged = false;
            Volatile.Write(ref _overflowing, false);
            var dropped = Interlocked.Read(ref _dropped);
            LogQueueDrained(_logger, _target, dropped);
            RaiseHealthChanged();
        }
    }

    /// <summary>
    /// Whether a flush still waits for messages not yet committed. The flush's flag is not enough:
    /// the writer clears it as it takes a batch, and a flush can need more than one batch (more
    /// than MaxBatch pending, or a message counted by Append just before it reached the queue).
    /// A flush added after this check finds the new wake signal (see PauseAsync).
    /// </summary>
    private bool FlushWaiting()
    {
        lock (_flushGate)
        {
            return _flushWaiters.Count > 0;
        }
    }

    private TimeSpan RetryDelay(int failures)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(failures - 1, 16));
        return delay < _maxRetryDelay ? delay : _maxRetryDelay;
    }

    /// <summary>
    /// Waits <paramref name="delay"/>, or less when a flush asks, the store closes, or (when
    /// <paramref name="untilBatchFull"/>) a full batch is pending.
    /// </summary>
    private async Task PauseAsync(TimeSpan delay, bool untilBatchFull)
    {
        // Exchange (a full fence), then check: whoever signals sets its flag before reading the
        // signal, so either it completes the new signal or this sees its flag. None is lost.
        var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _wake, wake);
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (untilBatchFull)
        {
            Interlocked.Exchange(ref _batchFull, full);
        }

        if (Volatile.Read(ref _flushRequested) || FlushWaiting() || Volatile.Read(ref _stopping) || (untilBatchFull && Pending >= _maxBatch))
        {
            return;
        }

        using var cancel = new CancellationTokenSource();
        var timer = Task.Delay(delay, _time, cancel.Token);
        await Task.WhenAny(wake.Task, full.Task, timer);
        await cancel.CancelAsync();
    }

    private void RaiseHealthChanged() => HealthChanged?.Invoke(Health);
}
