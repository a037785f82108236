using System.Net.Sockets;

namespace Piazza.Server.Transport;

/// <summary>
/// The connection's socket as a <see cref="Stream"/>, for the output pipe <see cref="ChatSocketConnection"/>
/// hands to refusals and to TLS. Like <see cref="NetworkStream"/>, but every fault comes out as
/// Kestrel's transport would report it (<see cref="SocketFaults"/>), and it never closes the
/// socket: the connection does.
/// </summary>
internal sealed class SocketStream(Socket socket, ChatSocketConnection connection) : Stream
{
    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <remarks>
    /// Not an async method: an idle client's reader waits here, and an async method would keep a
    /// state-machine box alive per idle connection. A read pending when the socket is closed ends
    /// with a <see cref="SocketException"/>, which the sessions count as a transport fault already;
    /// only a read started after the close needs turning into one.
    /// </remarks>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            // An empty buffer waits until data is there without taking it: how the reader holds no
            // buffer while its client says nothing (StreamPipeReaderOptions.UseZeroByteReads).
            return socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return ValueTask.FromException<int>(connection.Fault(ex));
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            while (!buffer.IsEmpty)
            {
                var sent = await socket.SendAsync(buffer, SocketFlags.None, cancellationToken);
                buffer = buffer[sent..];
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            throw connection.Fault(ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Not used: the connection's input is <see cref="SocketPipeReader"/>, which reads the socket itself.</summary>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the connection's input pipe.");

    /// <summary>
    /// For a synchronous flush of the output pipe (its <c>Complete</c>). The socket does not block
    /// (<see cref="SocketPipeReader"/>), so a full send buffer is waited for here, as a blocking
    /// socket would.
    /// </summary>
    public override void Write(byte[] buffer, int offset, int count)
    {
        var rest = buffer.AsSpan(offset, count);
        try
        {
            while (!rest.IsEmpty)
            {
                var sent = socket.Send(rest, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    socket.Poll(-1, SelectMode.SelectWrite);
                    continue;
                }

                if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }

                rest = rest[sent..];
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            throw connection.Fault(ex);
        }
    }

    public override void Flush()
    {
        // Every write went to the socket already.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
