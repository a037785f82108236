using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace Piazza.Server.Transport;

/// <summary>
/// The connection's input: a <see cref="PipeReader"/> that reads the socket itself, only when the
/// session asks, into one pooled buffer that exists only while it holds unconsumed bytes.
/// </summary>
/// <remarks>
/// <para>
/// Why not <see cref="PipeReader.Create(Stream, StreamPipeReaderOptions?)"/>: measured on the
/// rooms scenario, its per-read costs (an async method's box per read that waits, a cancellation
/// registration on every socket receive, a segment object per buffer) made the server spend
/// ~10 % more CPU per delivery than Kestrel's transport, and an idle client kept ~560 B of them.
/// Here a read that must wait starts a zero-byte receive (data has arrived, or the end, or an
/// error, without taking a buffer) and completes this object's own value-task source; the bytes
/// are then taken with a non-blocking receive. Nothing is allocated per read.
/// </para>
/// <para>
/// One reader at a time (the session's loop, or detection, or TLS), as for any pipe;
/// <see cref="CancelPendingRead"/> may come from any thread. The buffer is a single array, so
/// every buffer handed out is one segment: a partial line left at its end is moved to the front
/// (or the array grown) before the next receive, never while a returned buffer is in use (a
/// buffer is valid until the next <see cref="AdvanceTo(SequencePosition, SequencePosition)"/>).
/// A waiting reader is completed on the thread the socket completed on (one thread-pool hop per
/// receive, where Kestrel's transport takes two); a cancellation completes it through the pool,
/// never on the caller's thread (a broadcast closing a session must not run its read loop).
/// </para>
/// </remarks>
internal sealed class SocketPipeReader : PipeReader, IValueTaskSource<ReadResult>
{
    /// <summary>The buffer rented for a receive: most clients' lines, a whole paste in a few reads.</summary>
    private const int ReceiveBytes = 4096;

    private readonly Socket _socket;
    private readonly ChatSocketConnection _connection;
    private readonly Lock _gate = new();
    private readonly Action _onOperationCompleted;
    private ManualResetValueTaskSourceCore<ReadResult> _waiter;

    private byte[]? _buffer;
    private int _start;
    private int _end;
    private ReadOnlySequence<byte> _returned;

    private ValueTask<int> _operation;
    private Pending _pending;
    private bool _dataReady;
    private bool _unexamined;
    private bool _ended;
    private bool _cancelNext;
    private bool _cancelUnobserved;
    private bool _readerWaiting;
    private bool _completed;
    private Exception? _fault;
    private CancellationTokenRegistration _cancellation;
    private ReadResult _handOver;

    /// <summary>The socket operation in flight, if any: at most one at a time.</summary>
    private enum Pending : byte
    {
        None,

        /// <summary>A zero-byte receive: completes when data (or the end, or an error) is there, holding no buffer.</summary>
        Wait,

        /// <summary>
        /// A receive into the buffer that did not complete at once (a wait that woke for nothing):
        /// the buffer is in use until it completes, so it is neither moved nor returned.
        /// </summary>
        Receive,
    }

    public SocketPipeReader(Socket socket, ChatSocketConnection connection)
    {
        _socket = socket;
        _connection = connection;
        _onOperationCompleted = OnOperationCompleted;
        _waiter.RunContinuationsAsynchronously = false;
    }

    /// <summary>Whether a buffer is rented now (an idle client's reader holds none).</summary>
    internal bool HoldsBuffer
    {
        get
        {
            lock (_gate)
            {
                return _buffer is not null;
            }
        }
    }

    private ReadOnlySequence<byte> Buffered => _buffer is null ? ReadOnlySequence<byte>.Empty : new(_buffer, _start, _end - _start);

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            if (_readerWaiting)
            {
                throw new InvalidOperationException("A read is already pending.");
            }

            if (TryReadLocked(out var ready))
            {
                return new(ready);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<ReadResult>(cancellationToken);
            }

            // Most reads end here when the client has sent something: the socket answers at once.
            ReceiveLocked();
            if (TryReadLocked(out ready))
            {
                return new(ready);
            }

            _waiter.Reset();
            _readerWaiting = true;
            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((SocketPipeReader)state!).OnReadCancelled(token), this);
            }

            return new(this, _waiter.Version);
        }
    }

    public override bool TryRead(out ReadResult result)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_completed, this);

            // No socket I/O here: what has been received, or nothing.
            return TryReadLocked(out result);
        }
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        lock (_gate)
        {
            var returned = _returned;
            var consumedBytes = (int)returned.Slice(returned.Start, consumed).Length;
            var examinedBytes = returned.Slice(returned.Start, examined).Length;
            _returned = default;
            _start += consumedBytes;

            // Bytes handed out but not looked at: the next read returns them at once.
            _unexamined = examinedBytes < returned.Length;
            if (_start == _end && _buffer is { } buffer && _pending != Pending.Receive)
            {
                _buffer = null;
                _start = _end = 0;
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public override void CancelPendingRead()
    {
        lock (_gate)
        {
            if (!_readerWaiting)
            {
                _cancelNext = !_cancelUnobserved;
                return;
            }

            if (_cancelUnobserved)
            {
                // A cancelled result is on its way and not yet seen: one is enough, as with Pipe.
                return;
            }

            _readerWaiting = false;
            _cancelUnobserved = true;
            _cancellation.Unregister();
            _handOver = Hand(new ReadResult(Buffered, isCanceled: true, isCompleted: false));
        }

        ThreadPool.UnsafeQueueUserWorkItem(static reader => reader._waiter.SetResult(reader._handOver), this, preferLocal: false);
    }

    public override void Complete(Exception? exception = null)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            if (_buffer is { } buffer && _pending != Pending.Receive)
            {
                _buffer = null;
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    ReadResult IValueTaskSource<ReadResult>.GetResult(short token)
    {
        var result = _waiter.GetResult(token);
        if (result.IsCanceled)
        {
            lock (_gate)
            {
                _cancelUnobserved = false;
            }
        }

        return result;
    }

    ValueTaskSourceStatus IValueTaskSource<ReadResult>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<ReadResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);

    /// <summary>What a read can return from what was received, without I/O; false when it must wait for the socket.</summary>
    private bool TryReadLocked(out ReadResult result)
    {
        if (_cancelNext)
        {
            _cancelNext = false;
            result = Hand(new ReadResult(Buffered, isCanceled: true, isCompleted: false));
            return true;
        }

        if (_unexamined || _ended)
        {
            result = Hand(new ReadResult(Buffered, isCanceled: false, isCompleted: _ended));
            return true;
        }

        if (_fault is { } fault)
        {
            ExceptionDispatchInfo.Throw(fault);
        }

        result = default;
        return false;
    }

    private ReadResult Hand(ReadResult result)
    {
        _returned = result.Buffer;
        return result;
    }

    /// <summary>
    /// Moves the socket on until something can be read or an operation is in flight: a zero-byte
    /// wait while nothing is known to be there, then a receive into the buffer, which completes at
    /// once when the wait said data is there (a wait may also wake for nothing: then the receive
    /// goes pending, with the buffer). Never two operations at once.
    /// </summary>
    private void ReceiveLocked()
    {
        while (_pending == Pending.None && !_ended && _fault is null && !_completed)
        {
            if (!_dataReady)
            {
                if (!Start(Memory<byte>.Empty, Pending.Wait, out var waited) || !Take(waited, out _))
                {
                    return;
                }

                _dataReady = true;
            }

            MakeRoom();
            _dataReady = false;
            if (Start(_buffer.AsMemory(_end), Pending.Receive, out var receive) && Take(receive, out var received))
            {
                Received(received);
            }

            return;
        }
    }

    /// <summary>Starts a receive; true when it completed at once (<paramref name="operation"/> is then to be taken), false when it is in flight or failed to start.</summary>
    private bool Start(Memory<byte> buffer, Pending kind, out ValueTask<int> operation)
    {
        try
        {
            // Kept and consumed exactly once, when complete (here, or in OnOperationCompleted).
#pragma warning disable CA2012
            operation = _socket.ReceiveAsync(buffer, SocketFlags.None);
#pragma warning restore CA2012
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _fault = _connection.Fault(ex);
            operation = default;
            return false;
        }

        if (operation.IsCompleted)
        {
            return true;
        }

        _operation = operation;
        _pending = kind;
        operation.GetAwaiter().UnsafeOnCompleted(_onOperationCompleted);
        return false;
    }

    /// <summary>A completed receive's outcome: its byte count, or false with the fault recorded.</summary>
    private bool Take(ValueTask<int> operation, out int received)
    {
        // Only ever called once the operation has completed (at once, or in its completion
        // callback): taking its result never waits. Taken through the awaiter because the socket's
        // value task is pooled and must be consumed exactly once.
        var completed = operation.GetAwaiter();
        try
        {
            received = completed.GetResult();
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _fault = _connection.Fault(ex);
            received = 0;
            return false;
        }
    }

    private void Received(int received)
    {
        if (received == 0)
        {
            // Our own abort shuts the socket down under a pending read, which may then see an
            // orderly end before the socket is disposed: that is the abort, as Kestrel's transport
            // reports it, not the client leaving (1 run in 3 of the transport tests read it so).
            if (_connection.AbortReason is { } aborted)
            {
                _fault = aborted;
                return;
            }

            _ended = true;
            return;
        }

        _end += received;
        _unexamined = true;
    }

    /// <summary>Room at the buffer's end for a receive: a new array, or the unconsumed bytes moved to the front, or a larger array.</summary>
    private void MakeRoom()
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(ReceiveBytes);
            _start = _end = 0;
            return;
        }

        if (_end < _buffer.Length)
        {
            return;
        }

        var live = _end - _start;
        if (live <= _buffer.Length / 2)
        {
            _buffer.AsSpan(_start, live).CopyTo(_buffer);
        }
        else
        {
            // A line longer than half the buffer: the framer needs it whole (it ends it at the line limit).
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(_start, live).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        _start = 0;
        _end = live;
    }

    /// <summary>The operation in flight completed (a pool thread): the waiting read gets what is there now.</summary>
    private void OnOperationCompleted()
    {
        ReadResult result = default;
        Exception? error = null;
        lock (_gate)
        {
            var kind = _pending;
            var operation = _operation;
            _pending = Pending.None;
            _operation = default;
            if (Take(operation, out var received))
            {
                if (kind == Pending.Wait)
                {
                    _dataReady = true;
                }
                else
                {
                    Received(received);
                }
            }

            if (_completed)
            {
                if (_buffer is { } buffer)
                {
                    _buffer = null;
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                return;
            }

            if (!_readerWaiting)
            {
                return;
            }

            try
            {
                if (!TryReadLocked(out result))
                {
                    ReceiveLocked();
                    if (!TryReadLocked(out result))
                    {
                        return;
                    }
                }
            }
            catch (Exception ex)
            {
                error = ex;
            }

            _readerWaiting = false;
            _cancellation.Unregister();
        }

        // Outside the lock: the session's read loop continues here, on this pool thread.
        if (error is null)
        {
            _waiter.SetResult(result);
        }
        else
        {
            _waiter.SetException(error);
        }
    }

    private void OnReadCancelled(CancellationToken token)
    {
        lock (_gate)
        {
            if (!_readerWaiting)
            {
                return;
            }

            _readerWaiting = false;
        }

        // The in-flight zero-byte receive stays: the next read picks up what it finds.
        _waiter.SetException(new OperationCanceledException(token));
    }
}
