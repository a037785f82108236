using System.Net;
using System.Net.Sockets;
using System.Text;

using Piazza.Bench.Protocols;
using Piazza.Bench.Scenarios;

namespace Piazza.Bench.Tests;

/// <summary>
/// The line protocol against a relay shaped like the seed (peers/seed/server.py): every read is
/// sent to every other client behind "[ip:port] ", no commands, no confirmation of joining.
/// </summary>
[Trait("Category", "Slow")]
public sealed class LineRelayTests : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _clients = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public LineRelayTests()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    [Fact]
    public async Task Fanout_over_a_seed_like_relay_probes_then_counts_every_delivery()
    {
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var target = new Target
        {
            Protocol = new LineProtocol(),
            Server = (IPEndPoint)_listener.LocalEndpoint,
            ServerLabel = "seed-like",
            ConnectTimeout = InProcessPiazza.Timeout,
            ConnectTimeLimit = InProcessPiazza.Timeout,
        };
        var settings = new TrafficSettings { Clients = 6, RoomSize = 6, SendersPerRoom = 2, Rate = 40, Duration = TimeSpan.FromSeconds(1), Warmup = TimeSpan.Zero };

        var result = await TrafficScenario.RunAsync("fanout", target, settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        ScenarioTests.AssertAllDelivered(result, audience: 5);
    }

    [Fact]
    public async Task Rooms_are_refused_for_a_protocol_with_one_room()
    {
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var target = new Target { Protocol = new LineProtocol(), Server = (IPEndPoint)_listener.LocalEndpoint };
        var settings = new TrafficSettings { Clients = 10, RoomSize = 5 };

        var result = await TrafficScenario.RunAsync("rooms", target, settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        Assert.False(result.Succeeded);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            _clients.ForEach(c => c.Dispose());
        }

        await _accepting.WaitAsync(InProcessPiazza.Timeout);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var relays = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
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
                    await other.SendAsync(message, _stop.Token);
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
    }
}
