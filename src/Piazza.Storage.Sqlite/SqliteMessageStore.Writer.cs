using Microsoft.Data.Sqlite;

using Piazza.Core.History;

namespace Piazza.Storage.Sqlite;

/// <summary>The one writer: drains the queue and commits it in batches; rides out write failures.</summary>
public sealed partial class SqliteMessageStore
{
    /// <summary>The first retry after a failed write comes this soon; each further one waits twice as long.</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly InsertStatement _insert;

    /// <summary>One user of the writer's connection at a time: the writer (per batch) or a prune (per chunk).</summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);

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
    /// When a commit fails, the batch is kept and retried with backoff; the queue behind it
    /// fills up to MaxPending, beyond which Append drops. Never throws.
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
                Complete(batch.Count, dropped: false);
                batch.Clear();
                if (failures > 0)
                {
                    var outage = _time.GetElapsedTime(failingSince);
                    LogWriteRecovered(_logger, _path, failures, outage);
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
                var problem = $"cannot write to {_path}: {DescribeWriteError(error)}; chat goes on, messages are kept and retried";
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

    /// <summary>Commits <paramref name="batch"/> in one transaction; the error when it fails.</summary>
    private async Task<Exception?> TryCommitAsync(List<QueuedWrite> batch)
    {
        await _writeGate.WaitAsync();
        try
        {
            ApplyInjectedFault();
            using var transaction = _writeConnection.BeginTransaction();
            var moved = false;
            foreach (var write in batch)
            {
                if (write.Message is { } message)
                {
                    _insert.Execute(message);
                }
                else
                {
                    ExecuteMove(transaction, write.Move!);
                    moved = true;
                }
            }

            transaction.Commit();
            if (moved)
            {
                foreach (var write in batch)
                {
                    if (write.Move is { } move)
                    {
                        ForgetTails(move);
                    }
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
        finally
        {
            _writeGate.Release();
        }
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
        LogDroppedOnClose(_logger, _path, lost, DescribeWriteError(error));
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
            LogQueueFull(_logger, _path, _maxPending);
            RaiseHealthChanged();
        }

        if (Pending < _maxPending / 2)
        {
            _overflowLogged = false;
            Volatile.Write(ref _overflowing, false);
            var dropped = Interlocked.Read(ref _dropped);
            LogQueueDrained(_logger, _path, dropped);
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

    /// <summary>What a write error was, for the log and <see cref="Health"/>.</summary>
    private static string DescribeWriteError(Exception error) => error is SqliteException sqlite
        ? $"{sqlite.Message.TrimEnd('.')} (SQLite error {sqlite.SqliteErrorCode})"
        : error.Message;
}
