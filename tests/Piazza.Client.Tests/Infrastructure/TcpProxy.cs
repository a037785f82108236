using System.Net;
using System.Net.Sockets;

namespace Piazza.Client.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of a server, so that a test can cut every connection at once
/// (as a dropped network would) while the server itself stays up.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly List<Socket> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;
    private int _accepted;

    /// <param name="target">The server behind it.</param>
    /// <param name="open">
    /// False: a gate, closed until <see cref="Open"/>. A client's connection completes (the kernel
    /// queues it) and what it sends waits; nothing reaches the server before the test opens it.
    /// </param>
    public TcpProxy(IPEndPoint target, bool open = true)
    {
        _target = target;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        if (open)
        {
            Open();
        }
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Starts relaying (a gate opens): connections waiting in the queue go through first.</summary>
    public void Open() => _accepting = AcceptAsync();

    /// <summary>Resets every open connection, both sides.</summary>
    public void DropAll()
    {
        lock (_open)
        {
            foreach (var socket in _open)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>
    /// Stops listening (the port refuses from now on) and resets every open connection: to its
    /// clients, the server behind it died, as a killed one would, without a word.
    /// </summary>
    public void Kill()
    {
        _listener.Dispose();
        DropAll();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        DropAll();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(_stop.Token);
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await server.ConnectAsync(_target, _stop.Token);
            lock (_open)
            {
                _open.Add(client);
                _open.Add(server);
            }

            Interlocked.Increment(ref _accepted);
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Cut: DropAll or the other side went away.
        }
    }
}
