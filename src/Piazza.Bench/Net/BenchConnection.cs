using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Piazza.Bench.Net;

/// <summary>
/// One client socket with a receive buffer it reuses for its whole life: lines are read in
/// place (no string, no copy), first one at a time while registering, then in bulk by
/// <see cref="ReceiveLoopAsync"/>. Sends are serialised so a PONG never lands inside a batch.
/// </summary>
internal sealed class BenchConnection : IAsyncDisposable
{
    /// <summary>Linux's IP_BIND_ADDRESS_NO_PORT (SOL_IP level): bind the address, pick the port at connect.</summary>
    private const int BindAddressNoPort = 24;

    private readonly Socket _socket;
    private readonly byte[] _receive;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _start;
    private int _end;
    private bool _discarding;

    private BenchConnection(Socket socket, int receiveBytes)
    {
        _socket = socket;
        _receive = new byte[receiveBytes];
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The client's own address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Lines longer than the receive buffer, dropped whole.</summary>
    public long OverlongLines { get; private set; }

    /// <summary>
    /// Connects from <paramref name="source"/> (any 127.x address; null: the OS picks), so that
    /// many thousands of connections are not limited by one address's ephemeral ports.
    /// </summary>
    public static async Task<BenchConnection> ConnectAsync(IPEndPoint server, IPAddress? source, int receiveBytes, CancellationToken cancel)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null)
            {
                // Without this, bind() reserves a port for every destination and 28k ports run out.
                socket.SetRawSocketOption((int)SocketOptionLevel.IP, BindAddressNoPort, [1, 0, 0, 0]);
                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(server, cancel);
            return new BenchConnection(socket, receiveBytes);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends all of <paramref name="data"/>, after any send already under way.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancel)
    {
        await _sendLock.WaitAsync(cancel);
        try
        {
            while (!data.IsEmpty)
            {
                var sent = await _socket.SendAsync(data, SocketFlags.None, cancel);
                data = data[sent..];
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// The next line (without CR LF), valid until the next read; null when the server closed.
    /// For registration and goodbyes, not the hot path.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancel)
    {
        while (true)
        {
            if (TryTakeLine(out var start, out var length))
            {
                return _receive.AsMemory(start, length);
            }

            if (!await FillAsync(cancel))
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Hands every line to <paramref name="sink"/> until the connection ends (closed by either
    /// side or cancelled), then tells the sink how it ended. Never throws.
    /// </summary>
    public async Task ReceiveLoopAsync(ILineSink sink, CancellationToken cancel)
    {
        Exception? error = null;
        try
        {
            var now = Stopwatch.GetTimestamp();
            while (true)
            {
                while (TryTakeLine(out var start, out var length))
                {
                    sink.OnLine(this, _receive.AsSpan(start, length), now);
                }

                if (!await FillAsync(cancel))
                {
                    break;
                }

                now = Stopwatch.GetTimestamp();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            error = ex;
        }

        sink.OnClosed(this, error);
    }

    /// <summary>Closes the sending side (FIN) but keeps reading, as a client that said goodbye.</summary>
    public void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already gone: nothing left to say.
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Finds the next complete line in the buffer; overlong lines are dropped.</summary>
    private bool TryTakeLine(out int start, out int length)
    {
        while (_start < _end)
        {
            var newline = _receive.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            start = _start;
            length = newline;
            _start += newline + 1;
            if (_discarding)
            {
                _discarding = false;
                continue;
            }

            if (length > 0 && _receive[start + length - 1] == (byte)'\r')
            {
                length--;
            }

            return true;
        }

        start = length = 0;
        return false;
    }

    /// <summary>Reads more bytes after what is buffered; false when the server closed.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancel)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _receive.Length)
        {
            if (_start == 0)
            {
                // A whole buffer without a line end: drop it and the rest of that line.
                OverlongLines++;
                _discarding = true;
                _start = _end = 0;
            }
            else
            {
                _receive.AsSpan(_start, _end - _start).CopyTo(_receive);
                _end -= _start;
                _start = 0;
            }
        }

        var read = await _socket.ReceiveAsync(_receive.AsMemory(_end), SocketFlags.None, cancel);
        _end += read;
        return read > 0;
    }
}
