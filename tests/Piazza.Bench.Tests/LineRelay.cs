using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Piazza.Bench.Tests;

/// <summary>
/// A relay shaped like the seed (peers/seed/server.py): every read is sent to every other client
/// behind "[ip:port] ", no commands, no confirmation of joining; a client that closes is closed in turn.
/// It can listen on several ports that share their clients, like the nodes of a cluster, and
/// counts the clients each port accepted.
/// </summary>
internal sealed class LineRelay : IAsyncDisposable
{
    private readonly TcpListener[] _listeners;
    private readonly int[] _accepted;
    private readonly List<Socket> _clients = [];
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _accepting;

    public LineRelay(int ports = 1)
    {
        _listeners = [.. Enumerable.Range(0, ports).Select(_ => new TcpListener(IPAddress.Loopback, 0))];
        _accepted = new int[ports];
        foreach (var listener in _listeners)
        {
            listener.Start();
        }

        _accepting = [.. Enumerable.Range(0, ports).Select(AcceptAsync)];
    }

    /// <summary>Where it listens, one endpoint per port.</summary>
    public IReadOnlyList<IPEndPoint> EndPoints => [.. _listeners.Select(l => (IPEndPoint)l.LocalEndpoint)];

    /// <summary>How many clients port <paramref name="port"/> (0-based) has accepted so far.</summary>
    public int Accepted(int port) => Volatile.Read(ref _accepted[port]);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        lock (_sockets)
        {
            _sockets.ForEach(c => c.Dispose());
        }

        await Task.WhenAll(_accepting).WaitAsync(InProcessPiazza.Timeout);
        _stop.Dispose();
    }

    private async Task AcceptAsync(int port)
    {
        var relays = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listeners[port].AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _accepted[port]);
                lock (_sockets)
                {
                    _sockets.Add(client);
                }

                lock (_clients)
                {
                    _clients.Add(client);
                }

                relays.Add(RelayAsync(client));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(relays).WaitAsync(InProcessPiazza.Timeout);
    }

    private async Task RelayAsync(Socket client)
    {
        var prefix = Encoding.ASCII.GetBytes($"[{client.RemoteEndPoint}] ");
        var buffer = new byte[1024];
        try
        {
            while (await client.ReceiveAsync(buffer, _stop.Token) is var read and > 0)
            {
                var message = prefix.Concat(buffer.Take(read)).ToArray();
                Socket[] others;
                lock (_clients)
                {
                    others = [.. _clients.Where(c => c != client)];
                }

                foreach (var other in others)
                {
                    try
                    {
                        await other.SendAsync(message, _stop.Token);
                    }
                    catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                    {
                        // That other client is gone (or going): not this one's problem.
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // That client (or the relay) is gone.
        }

        lock (_clients)
        {
            _clients.Remove(client);
        }

        // Closed in turn, as the seed does: a client quitting waits for the server to close. Shut
        // down, not disposed: disposing while another client's relay is sending to it would reset it.
        try
        {
            client.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }
}
