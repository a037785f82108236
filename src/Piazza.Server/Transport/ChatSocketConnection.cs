using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Piazza.Server.Transport;

/// <summary>
/// One client of the chat or IRC port over Piazza's own transport: the accepted socket, and pipes
/// over it made only when used. Kestrel's socket transport keeps, per connection, two pipes, a
/// receive loop and a send loop always waiting, and their buffers (~3.5 KB an idle connection,
/// docs/perf-notes/memory-2026-12-07.md); here an idle client costs this object, a reader waiting
/// with no buffer (a zero-byte receive), and the socket. The session's writer sends on the socket
/// itself (<see cref="Sessions.Output.SocketBatchOutput"/>), so <see cref="Output"/> is only made
/// for the rare line written through the pipe (a refusal) and for TLS. The input is
/// <see cref="SocketPipeReader"/>.
/// </summary>
/// <remarks>
/// Reads happen only when the session asks: bytes a client sends while its session is busy wait
/// in the kernel (its receive window), not in a buffer of ours. The socket is closed gracefully
/// (shutdown, then close, as Kestrel's transport does) when the session's output completes, when
/// Kestrel disposes the connection after its handler returned, or at once on <see cref="Abort"/>.
/// <see cref="ConnectionClosed"/> fires on that close; unlike Kestrel's, not when the client
/// leaves while nobody reads (the session's read sees that itself).
/// </remarks>
internal sealed class ChatSocketConnection : ConnectionContext, IDuplexPipe, IConnectionSocketFeature, IConnectionIdFeature,
    IConnectionTransportFeature, IConnectionItemsFeature, IConnectionLifetimeFeature, IConnectionEndPointFeature
{
    private static readonly StreamPipeWriterOptions WriterOptions = new(leaveOpen: true);
    private static long _lastId;

    /// <summary>The most unread input dropped at a close: a client streaming faster than this is reset.</summary>
    private const int MaxDiscardBytes = 1024 * 1024;

    private readonly SocketStream _stream;
    private PipeReader? _input;
    private PipeWriter? _output;
    private CancellationTokenSource? _closedSource;
    private string? _id;
    private IDictionary<object, object?>? _items;
    private ConnectionAbortedException? _abortReason;
    private int _closed;

    public ChatSocketConnection(Socket socket)
    {
        // Reads take only what is there (SocketPipeReader waits with a zero-byte receive first).
        socket.Blocking = false;
        Socket = socket;
        _stream = new SocketStream(socket, this);
        Features = new ConnectionFeatures(this);
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
        Transport = this;
    }

    /// <inheritdoc/>
    public override IFeatureCollection Features { get; }

    /// <inheritdoc/>
    public override IDuplexPipe Transport { get; set; }

    /// <inheritdoc/>
    public override IDictionary<object, object?> Items
    {
        get => _items ??= new Dictionary<object, object?>();
        set => _items = value;
    }

    /// <inheritdoc/>
    public override System.Net.EndPoint? LocalEndPoint { get; set; }

    /// <inheritdoc/>
    public override System.Net.EndPoint? RemoteEndPoint { get; set; }

    /// <inheritdoc/>
    public Socket Socket { get; }

    /// <inheritdoc/>
    public PipeReader Input => _input ?? Made(ref _input, new SocketPipeReader(Socket, this));

    /// <inheritdoc/>
    public PipeWriter Output => _output ?? Made(ref _output, PipeWriter.Create(_stream, WriterOptions));

    /// <inheritdoc/>
    public override string ConnectionId
    {
        get => _id ??= "P" + Interlocked.Increment(ref _lastId).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        set => _id = value;
    }

    /// <inheritdoc/>
    public override CancellationToken ConnectionClosed
    {
        get
        {
            var source = _closedSource ?? Made(ref _closedSource, new CancellationTokenSource());

            // Closed before the token was first asked for: Close saw no source to cancel.
            return Volatile.Read(ref _closed) == 1 ? new CancellationToken(canceled: true) : source.Token;
        }

        set => throw new NotSupportedException("The transport sets its own ConnectionClosed.");
    }

    /// <summary>Drops the connection now (a client that does not read its last lines, a TLS handshake that never ends).</summary>
    public override void Abort(ConnectionAbortedException abortReason) => Close(abortReason);

    /// <summary>The session's writer has sent its last: the socket closes, as Kestrel's transport closes it when its output pipe completes.</summary>
    public async ValueTask CompleteOutputAsync()
    {
        await FlushOutputAsync();
        Close(abortReason: null);
    }

    /// <summary>Kestrel is done with the connection (its handler returned): what was written is sent, then the socket closes.</summary>
    public override async ValueTask DisposeAsync()
    {
        await FlushOutputAsync();
        if (_input is { } input)
        {
            await input.CompleteAsync();
        }

        Close(abortReason: null);
        _closedSource?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>
    /// Bytes the client sent that wait in the kernel, not yet read (one ioctl; 0 once closed).
    /// Flood control weighs them while the client is throttled: this transport reads nothing then.
    /// </summary>
    public long UnreadInKernel
    {
        get
        {
            try
            {
                return Socket.Available;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return 0;
            }
        }
    }

    /// <summary>
    /// Whether the connection has failed (a reset from the client), without reading: the socket's
    /// pending error (getsockopt SO_ERROR, which takes it: <paramref name="errno"/>, the OS's code). For a session that is not reading
    /// (throttled) and would otherwise notice only when its buffered lines run out.
    /// </summary>
    public bool HasFailed(out int errno)
    {
        try
        {
            errno = (int)Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Closed by us meanwhile: failed as far as the session is concerned.
            errno = -1;
        }

        return errno != 0;
    }

    /// <summary>What a socket operation threw, as Kestrel's transport would report it (<see cref="SocketFaults"/>).</summary>
    internal Exception Fault(Exception ex) => SocketFaults.Translate(ex, Volatile.Read(ref _closed) == 1, _abortReason);

    /// <summary>Why the server aborted the connection (<see cref="Abort"/>), once it has; null while open or after a graceful close.</summary>
    internal ConnectionAbortedException? AbortReason => Volatile.Read(ref _closed) == 1 ? Volatile.Read(ref _abortReason) : null;

    private async ValueTask FlushOutputAsync()
    {
        if (_output is not { } output)
        {
            return;
        }

        try
        {
            await output.CompleteAsync();
        }
        catch (Exception ex) when (Sessions.TransportFaults.Is(ex))
        {
            // The client is gone; what was left unsent does not matter any more.
        }
    }

    private void Close(ConnectionAbortedException? abortReason)
    {
        // Set before the socket is shut down: a read that sees the shutdown finds why (AbortReason).
        Interlocked.CompareExchange(ref _abortReason, abortReason, null);
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        try
        {
            // Gracefully even for an abort, as Kestrel's transport does: the client sees the end of
            // the stream after what was already sent.
            Socket.Shutdown(SocketShutdown.Send);
            DiscardUnread();
            Socket.Shutdown(SocketShutdown.Receive);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already reset by the client: closing is all that is left.
        }

        Socket.Dispose();
        Volatile.Read(ref _closedSource)?.Cancel();
    }

    /// <summary>
    /// Reads and drops what the client sent that nobody read, before the close. A socket closed
    /// with unread input is reset (RFC 2525 2.17), and a reset throws away what we queued last —
    /// the line telling a flooder why it is cut, a goodbye. Kestrel's transport never has unread
    /// input (it reads ahead into its pipe); ours reads only when asked, so it drains here: what is
    /// there now, up to <see cref="MaxDiscardBytes"/>, never waiting.
    /// </summary>
    private void DiscardUnread()
    {
        var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            for (var discarded = 0; discarded < MaxDiscardBytes;)
            {
                var read = Socket.Receive(scratch, SocketFlags.None, out var error);
                if (error != SocketError.Success || read == 0)
                {
                    return;
                }

                discarded += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Publishes a lazily made member once: a racing maker's copy is dropped.</summary>
    private static T Made<T>(ref T? field, T made)
        where T : class =>
        Interlocked.CompareExchange(ref field, made, null) ?? made;
}
