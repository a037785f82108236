using System.Threading.Tasks.Sources;

namespace Piazza.Core;

/// <summary>What became of an enqueued message.</summary>
public enum EnqueueResult
{
    /// <summary>Queued for the writer.</summary>
    Queued,

    /// <summary>The queue is closed (the connection is ending); the message was dropped.</summary>
    Closed,

    /// <summary>The message would pass the byte limit: the queue has closed itself and aborted.</summary>
    Overflow,
}

/// <summary>
/// One connection's outbound queue: many producers (whoever broadcasts to this client) and one
/// consumer (the connection's writer loop). Bounded in bytes; enqueueing never blocks and never
/// allocates once the queue has grown to its working size.
/// </summary>
/// <remarks>
/// The writer takes everything queued in one swap of two arrays (<see cref="TakeBatch"/>), so it
/// writes many messages per flush. When the limit would be passed the queue aborts: the writer
/// stops without draining and <c>onOverflow</c> runs once, so the session can drop a client
/// that stopped reading without anyone else waiting for it. Made with a last message instead
/// (<c>onOverflow</c> returning it), the queue then drops what waits, sends that message past
/// the limit and ends, so the client is told why. The lock is this connection's
/// alone and is held only to move references, never while copying bytes or doing I/O. A writer
/// that waits is woken through the thread pool's global queue (<see cref="Wake"/>).
/// </remarks>
public sealed class SendQueue : IValueTaskSource, IThreadPoolWorkItem
{
    private const int InitialCapacity = 8;

    /// <summary>Arrays grown past this by a burst are dropped once drained, so idle clients stay small.</summary>
    private const int RetainedCapacity = 256;

    private readonly Lock _gate = new();
    private readonly int _maxBytes;
    private readonly Action? _onOverflow;
    private readonly Func<ReadOnlyMemory<byte>>? _lastOnOverflow;
    private ReadOnlyMemory<byte>[] _pending = [];
    private int _count;
    private long _bytes;
    private bool _completed;
    private bool _aborted;
    private bool _overflowed;
    private bool _writerWaiting;

    /// <summary>Overflowed, and the last message is on its way in: the writer must not see the end yet.</summary>
    private bool _lastPending;
    /// <summary>
    /// Completed by <see cref="IThreadPoolWorkItem.Execute"/> on a pool thread, so the writer's
    /// continuation runs there, inline (see <see cref="Wake"/>).
    /// </summary>
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = false };

    /// <param name="maxBytes">The most bytes that may wait for the writer.</param>
    /// <param name="onOverflow">Runs once, on the producer's thread, when the limit is passed; must not block.</param>
    public SendQueue(int maxBytes, Action? onOverflow = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _maxBytes = maxBytes;
        _onOverflow = onOverflow;
    }

    /// <param name="maxBytes">The most bytes that may wait for the writer.</param>
    /// <param name="onOverflow">
    /// Runs once, on the producer's thread, when the limit is passed; returns the last message
    /// (why the client is dropped), which is queued past the limit after what waited is dropped.
    /// The writer then sends it and sees the end. Must not block or touch this queue.
    /// </param>
    public SendQueue(int maxBytes, Func<ReadOnlyMemory<byte>> onOverflow)
        : this(maxBytes, (Action?)null)
    {
        ArgumentNullException.ThrowIfNull(onOverflow);
        _lastOnOverflow = onOverflow;
    }

    /// <summary>The bytes waiting for the writer now.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>True once the queue aborted because the limit would have been passed.</summary>
    public bool HasOverflowed
    {
        get
        {
            lock (_gate)
            {
                return _overflowed;
            }
        }
    }

    /// <summary>Queues <paramref name="message"/> for the writer. Never blocks.</summary>
    public EnqueueResult Enqueue(ReadOnlyMemory<byte> message)
    {
        bool overflow, wake;
        lock (_gate)
        {
            if (_completed)
            {
                return EnqueueResult.Closed;
            }

            overflow = _bytes + message.Length > _maxBytes;
            if (overflow)
            {
                _overflowed = true;
                if (_lastOnOverflow is null)
                {
                    CloseLocked(abort: true);
                }
                else
                {
                    // Ended for producers now; the writer waits for the last message.
                    DropPendingLocked();
                    _completed = true;
                    _lastPending = true;
                }
            }
            else
            {
                AppendLocked(message);
            }

            wake = TakeWaiter();
        }

        if (wake)
        {
            Wake();
        }

        if (overflow)
        {
            if (_lastOnOverflow is not null)
            {
                QueueLast(_lastOnOverflow());
            }
            else
            {
                _onOverflow?.Invoke();
            }

            return EnqueueResult.Overflow;
        }

        return EnqueueResult.Queued;
    }

    /// <summary>
    /// Queues <paramref name="message"/> as the last one and ends the queue in the same step, so
    /// nothing another thread queues meanwhile can follow it (a goodbye is the last line a client
    /// reads). A message that would pass the limit overflows as <see cref="Enqueue"/> does, and
    /// the queue ends all the same.
    /// </summary>
    public EnqueueResult EnqueueLast(ReadOnlyMemory<byte> message)
    {
        bool fits, wake = false;
        lock (_gate)
        {
            if (_completed)
            {
                return EnqueueResult.Closed;
            }

            fits = _bytes + message.Length <= _maxBytes;
            if (fits)
            {
                AppendLocked(message);
                _completed = true;
                wake = TakeWaiter();
            }
        }

        if (!fits)
        {
            var result = Enqueue(message);
            Complete();
            return result;
        }

        if (wake)
        {
            Wake();
        }

        return EnqueueResult.Queued;
    }

    /// <summary>
    /// No more messages: the writer sends what is queued, then <see cref="TakeBatch"/> reports the end.
    /// </summary>
    public void Complete() => Close(abort: false);

    /// <summary>Stops at once: what is queued is dropped and the writer sees the end.</summary>
    public void Abort() => Close(abort: true);

    /// <summary>
    /// For the writer: swaps out everything queued. Returns how many messages
    /// <paramref name="batch"/> now holds (its first entries), 0 when there is nothing yet,
    /// or -1 when the queue has ended. The writer clears the batch after writing it (see
    /// <see cref="Recycle"/>) and passes the same array back next time.
    /// </summary>
    public int TakeBatch(ref ReadOnlyMemory<byte>[] batch)
    {
        lock (_gate)
        {
            if (_aborted)
            {
                return -1;
            }

            if (_count == 0)
            {
                return _completed && !_lastPending ? -1 : 0;
            }

            var taken = _pending;
            var count = _count;
            _pending = batch;
            _count = 0;
            _bytes = 0;
            batch = taken;
            return count;
        }
    }

    /// <summary>
    /// For the writer, after writing a batch: drops the references so the bytes can be collected,
    /// and lets go of an array a burst made large.
    /// </summary>
    public static void Recycle(ref ReadOnlyMemory<byte>[] batch, int count)
    {
        if (batch.Length > RetainedCapacity)
        {
            batch = [];
            return;
        }

        Array.Clear(batch, 0, count);
    }

    /// <summary>
    /// For the writer: completes when there may be something to take (a message, the end).
    /// Only one wait may be outstanding.
    /// </summary>
    public ValueTask WaitAsync()
    {
        lock (_gate)
        {
            if (_count > 0 || (_completed && !_lastPending))
            {
                return ValueTask.CompletedTask;
            }

            _signal.Reset();
            _writerWaiting = true;
            return new ValueTask(this, _signal.Version);
        }
    }

    void IValueTaskSource.GetResult(short token) => _signal.GetResult(token);

    /// <summary>The writer's wake-up, on a pool thread: its continuation runs here.</summary>
    void IThreadPoolWorkItem.Execute() => _signal.SetResult(true);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);

    private void Close(bool abort)
    {
        bool wake;
        lock (_gate)
        {
            CloseLocked(abort);
            wake = TakeWaiter();
        }

        if (wake)
        {
            Wake();
        }
    }

    private void AppendLocked(ReadOnlyMemory<byte> message)
    {
        if (_count == _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(InitialCapacity, _pending.Length * 2));
        }

        _pending[_count++] = message;
        _bytes += message.Length;
    }

    private void CloseLocked(bool abort)
    {
        _completed = true;
        if (abort)
        {
            _aborted = true;
            DropPendingLocked();
        }
    }

    private void DropPendingLocked()
    {
        Array.Clear(_pending, 0, _count);
        _count = 0;
        _bytes = 0;
    }

    /// <summary>After an overflow: the last message, past the limit, then the end (unless aborted meanwhile).</summary>
    private void QueueLast(ReadOnlyMemory<byte> last)
    {
        bool wake;
        lock (_gate)
        {
            if (!_aborted && !last.IsEmpty)
            {
                if (_pending.Length == 0)
                {
                    _pending = new ReadOnlyMemory<byte>[InitialCapacity];
                }

                _pending[_count++] = last;
                _bytes += last.Length;
            }

            _lastPending = false;
            wake = TakeWaiter();
        }

        if (wake)
        {
            Wake();
        }
    }

    /// <summary>
    /// Wakes the waiting writer through the thread pool's global queue, first in, first out,
    /// behind the reads already queued: not on the producer's local queue, whose last-in-first-out
    /// order let the writers woken last by a broadcast send first and kept the first ones waiting
    /// behind them (fan-out to 1,000: p99 150 ms this way against 50 ms first-in-first-out;
    /// docs/benchmarks.md, "The send path"). The queue is its own work item: one wake is
    /// outstanding at a time (the writer waits once), so nothing is allocated.
    /// </summary>
    private void Wake()
    {
        if (WakeMode.InlineFor(this))
        {
            _signal.SetResult(true);
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private bool TakeWaiter()
    {
        if (!_writerWaiting)
        {
            return false;
        }

        _writerWaiting = false;
        return true;
    }
}
