using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Piazza.Server.Sessions.Output;

/// <summary>
/// One send on a socket, awaitable without allocating: a <see cref="SocketAsyncEventArgs"/> taken
/// from a process-wide pool for the length of one send, so an idle connection holds none.
/// </summary>
/// <remarks>
/// On Linux the send is first tried at once on the caller's thread (most sends complete there:
/// the kernel had room); only a send that finds the socket's buffer full waits, and its
/// continuation then runs on the thread pool, never inline on the socket engine's thread.
/// </remarks>
internal sealed class SocketSendOperation : SocketAsyncEventArgs, IValueTaskSource<int>
{
    /// <summary>Operations kept for reuse beyond this are left to the GC (a burst of stalled sends).</summary>
    private const int PoolLimit = 256;

    private static readonly ConcurrentQueue<SocketSendOperation> Pool = new();
    private static int _pooled;

    private ManualResetValueTaskSourceCore<int> _completion = new() { RunContinuationsAsynchronously = true };

    private SocketSendOperation()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>Sends <paramref name="count"/> bytes of <paramref name="buffer"/>; completes when the kernel took them all.</summary>
    /// <exception cref="SocketException">The connection broke (reset, aborted).</exception>
    public static async ValueTask SendAsync(Socket socket, byte[] buffer, int count)
    {
        var operation = Rent();
        try
        {
            var sent = 0;
            while (sent < count)
            {
                var taken = await operation.StartAsync(socket, buffer.AsMemory(sent, count - sent));
                if (taken <= 0)
                {
                    throw new SocketException((int)SocketError.ConnectionReset);
                }

                sent += taken;
            }
        }
        finally
        {
            operation.SetBuffer(Memory<byte>.Empty);
            Return(operation);
        }
    }

    int IValueTaskSource<int>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    /// <inheritdoc/>
    protected override void OnCompleted(SocketAsyncEventArgs e)
    {
        if (SocketError == SocketError.Success)
        {
            _completion.SetResult(BytesTransferred);
        }
        else
        {
            _completion.SetException(new SocketException((int)SocketError));
        }
    }

    private static SocketSendOperation Rent()
    {
        if (Pool.TryDequeue(out var operation))
        {
            Interlocked.Decrement(ref _pooled);
            return operation;
        }

        return new SocketSendOperation();
    }

    private static void Return(SocketSendOperation operation)
    {
        if (Interlocked.Increment(ref _pooled) <= PoolLimit)
        {
            Pool.Enqueue(operation);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
            operation.Dispose();
        }
    }

    private ValueTask<int> StartAsync(Socket socket, Memory<byte> bytes)
    {
        _completion.Reset();
        SetBuffer(bytes);
        bool pending;
        try
        {
            pending = socket.SendAsync(this);
        }
        catch (ObjectDisposedException)
        {
            // The connection was aborted (Kestrel disposes the socket): a fault, as a reset is.
            throw new SocketException((int)SocketError.OperationAborted);
        }

        if (pending)
        {
            return new ValueTask<int>(this, _completion.Version);
        }

        return SocketError == SocketError.Success
            ? new ValueTask<int>(BytesTransferred)
            : ValueTask.FromException<int>(new SocketException((int)SocketError));
    }
}
