using System.Net;
using System.Net.Sockets;

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Server.Transport;
using Piazza.Testing;

namespace Piazza.Server.Tests.Transport;

/// <summary>
/// Kestrel's socket transport (the HTTP and TLS ports; the chat ports with
/// <c>Listen:Transport=kestrel</c>) with the descriptor reserve kept as ours keeps it: a connection
/// Kestrel accepted on a descriptor in the reserve is closed, and the next waits in the backlog
/// until there is room. Kestrel's real listener on loopback; made-up descriptor numbers
/// (<see cref="FakeDescriptors"/>) and a fake clock.
/// </summary>
public sealed class ReservedSocketTransportTests : IDisposable
{
    private readonly WaitRecordingClock _clock = new();
    private readonly FakeDescriptors _descriptors = new() { Limit = 100, Next = 10, LowestFreeNow = 10 };
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly ReservedSocketTransportFactory _factory;
    private readonly List<Socket> _clients = [];

    public ReservedSocketTransportTests()
    {
        _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));
        _factory = new ReservedSocketTransportFactory(Options.Create(new SocketTransportOptions()), new DescriptorReserve(4, _descriptors), _loggers, _clock);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _loggers.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public void It_binds_every_address_but_our_transport_s()
    {
        Assert.True(_factory.CanBind(new IPEndPoint(IPAddress.Loopback, 8080)));
        Assert.True(_factory.CanBind(HttpListenEndPoint.From(new IPEndPoint(IPAddress.Loopback, 8080))));
        Assert.False(_factory.CanBind(ChatListenEndPoint.From(new IPEndPoint(IPAddress.Loopback, 54321))));
    }

    [Fact]
    public async Task A_connection_Kestrel_accepted_in_the_reserve_is_closed_and_the_next_waits_in_the_backlog_until_there_is_room()
    {
        await using var listener = await _factory.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        _descriptors.Next = 96;
        var accepted = listener.AcceptAsync().AsTask();
        var first = await ConnectAsync(listener);

        await AssertClosedAsync(first);
        _descriptors.Next = 50;
        _descriptors.LowestFreeNow = 98;
        var second = await ConnectAsync(listener);
        _clock.Clock.Advance(await NextWaitAsync());
        Assert.Equal(98, await NextProbeAsync());
        var wait = await NextWaitAsync();
        Assert.False(accepted.IsCompleted);

        _descriptors.LowestFreeNow = 60;
        _clock.Clock.Advance(wait);

        await using var connection = await accepted.WaitAsync(TestServer.Timeout);
        Assert.NotNull(connection);
        Assert.Equal(second.LocalEndPoint, connection.RemoteEndPoint);
        var told = Assert.Single(_logs.Lines);
        Assert.Equal(190, told.EventId.Id);
        Assert.Equal(typeof(ReservedConnectionListener).FullName, told.Category);
        Assert.Equal("4", told["Reserved"]);
    }

    [Theory]
    [InlineData(97, true)]
    [InlineData(98, false)]
    public async Task The_HTTP_port_keeps_only_half_the_reserve(long descriptor, bool handedOn)
    {
        await using var listener = await _factory.BindAsync(HttpListenEndPoint.From(new IPEndPoint(IPAddress.Loopback, 0)));
        _descriptors.Next = descriptor;
        var accepted = listener.AcceptAsync().AsTask();

        var client = await ConnectAsync(listener);

        if (handedOn)
        {
            await using var connection = await accepted.WaitAsync(TestServer.Timeout);
            Assert.Equal(client.LocalEndPoint, connection!.RemoteEndPoint);
        }
        else
        {
            await AssertClosedAsync(client);
            Assert.Equal("2", Assert.Single(_logs.Lines)["Reserved"]);
        }
    }

    [Fact]
    public async Task Unbound_while_it_waits_it_stops_at_once()
    {
        var listener = await _factory.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        _descriptors.Next = 99;
        _descriptors.LowestFreeNow = 99;
        var accepted = listener.AcceptAsync().AsTask();
        await AssertClosedAsync(await ConnectAsync(listener));
        await NextWaitAsync();

        await listener.UnbindAsync();

        Assert.Null(await accepted.WaitAsync(TestServer.Timeout));
        await listener.DisposeAsync();
    }

    private async Task<Socket> ConnectAsync(IConnectionListener listener)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _clients.Add(client);
        try
        {
            await client.ConnectAsync(listener.EndPoint).WaitAsync(TestServer.Timeout);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Accepted and closed (abortively, as Kestrel aborts) before the connect was seen to complete.
        }

        return client;
    }

    private async Task<TimeSpan> NextWaitAsync() => await _clock.Waits.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);

    private async Task<long?> NextProbeAsync() => await _descriptors.Probes.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);

    private static async Task AssertClosedAsync(Socket client)
    {
        if (!client.Connected)
        {
            // Reset as it connected.
            return;
        }

        var buffer = new byte[16];
        try
        {
            Assert.Equal(0, await client.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TestServer.Timeout));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
    }
}
