using System.Net;
using System.Net.Sockets;

using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Server.Transport;
using Piazza.Testing;

namespace Piazza.Server.Tests.Transport;

/// <summary>
/// The chat ports' accept loop on real loopback sockets: it stops only when unbound, retries every
/// other error after a short wait that doubles, waits while the descriptor reserve is reached
/// (clients stay in the backlog), and says so once per spell, not per try. The waits are on a fake
/// clock the test moves; the accept errors are injected (the kernel cannot be made to fail an
/// accept on cue), and so are the descriptor numbers (<see cref="FakeDescriptors"/>).
/// </summary>
public sealed class ChatSocketListenerTests : IAsyncLifetime, IDisposable
{
    private const int Reserve = 4;

    private readonly WaitRecordingClock _clock = new();
    private readonly FakeDescriptors _descriptors = new() { Limit = 100, Next = 10, LowestFreeNow = 10 };
    private readonly CapturedLogs _logs = new();
    private readonly List<Socket> _clients = [];
    private readonly Queue<SocketError> _errors = new();
    private Socket _listenSocket = null!;
    private ChatSocketListener _listener = null!;

    public Task InitializeAsync()
    {
        _listenSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listenSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listenSocket.Listen(16);
        _listener = new ChatSocketListener(
            _listenSocket,
            ChatListenEndPoint.From((IPEndPoint)_listenSocket.LocalEndPoint!),
            new DescriptorReserve(Reserve, _descriptors),
            _clock,
            _logs.CreateLogger(nameof(ChatSocketListener)),
            AcceptOrFail);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _logs.Dispose();
    }

    [Fact]
    public async Task Accept_errors_are_retried_after_a_wait_that_doubles_and_told_once()
    {
        // EMFILE (thrice), ENOBUFS, and even the errors that mean "unbound" when it is not:
        // OperationAborted and InvalidArgument. Before, the first of these ended accepting for good.
        Fail(SocketError.TooManyOpenSockets, SocketError.TooManyOpenSockets, SocketError.TooManyOpenSockets,
            SocketError.NoBufferSpaceAvailable, SocketError.OperationAborted, SocketError.InvalidArgument);
        var client = await ConnectAsync();

        var accepted = _listener.AcceptAsync().AsTask();

        foreach (var expected in new[] { 10, 20, 40, 80, 160, 320 })
        {
            var wait = await NextWaitAsync();
            Assert.Equal(TimeSpan.FromMilliseconds(expected), wait);
            Assert.False(accepted.IsCompleted);
            _clock.Clock.Advance(wait);
        }

        var connection = await accepted.WaitAsync(TestServer.Timeout);
        Assert.NotNull(connection);
        Assert.Equal(client.LocalEndPoint, connection.RemoteEndPoint);
        await connection.DisposeAsync();

        // Once for the spell (the first error), not once per try; after EMFILE it probed for room.
        var told = Assert.Single(_logs.Lines, l => l.EventId.Id is 191 or 192);
        Assert.Equal(191, told.EventId.Id);
        Assert.Equal(LogLevel.Warning, told.Level);
        Assert.True(_descriptors.Probes.TryRead(out _));
    }

    [Fact]
    public async Task The_waits_stop_growing_at_a_second()
    {
        Fail(Enumerable.Repeat(SocketError.NoBufferSpaceAvailable, 9).ToArray());
        await ConnectAsync();

        var accepted = _listener.AcceptAsync().AsTask();

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 9; i++)
        {
            waits.Add(await NextWaitAsync());
            _clock.Clock.Advance(waits[^1]);
        }

        Assert.NotNull(await accepted.WaitAsync(TestServer.Timeout));
        Assert.Equal([10, 20, 40, 80, 160, 320, 640, 1000, 1000], waits.Select(w => w.TotalMilliseconds));
        Assert.Equal(AcceptPacing.MaxBackoff, waits[^1]);
    }

    [Fact]
    public async Task A_client_that_reaches_the_reserve_is_closed_and_the_next_waits_in_the_backlog_until_there_is_room()
    {
        // A limit of 100 with 4 kept: descriptors 96 to 99 are the runtime's.
        _descriptors.Next = 96;
        var accepted = _listener.AcceptAsync().AsTask();
        var first = await ConnectAsync();

        await AssertClosedAsync(first);
        _descriptors.Next = 50;
        _descriptors.LowestFreeNow = 97;
        var second = await ConnectAsync();

        // It waits, then looks: still no room, so it waits again, longer, and accepts nothing.
        _clock.Clock.Advance(await NextWaitAsync());
        Assert.Equal(97, await NextProbeAsync());
        var wait = await NextWaitAsync();
        Assert.Equal(TimeSpan.FromMilliseconds(20), wait);
        Assert.False(accepted.IsCompleted);

        // A client left: the next descriptor is below the reserve, and the one waiting is taken.
        _descriptors.LowestFreeNow = 60;
        _clock.Clock.Advance(wait);
        Assert.Equal(60, await NextProbeAsync());
        var connection = await accepted.WaitAsync(TestServer.Timeout);
        Assert.NotNull(connection);
        Assert.Equal(second.LocalEndPoint, connection.RemoteEndPoint);
        await connection.DisposeAsync();

        var told = Assert.Single(_logs.Lines);
        Assert.Equal(190, told.EventId.Id);
        Assert.Equal(LogLevel.Warning, told.Level);
        Assert.Equal("96", told["Descriptor"]);
        Assert.Equal("100", told["Limit"]);
        Assert.Equal("4", told["Reserved"]);
    }

    [Fact]
    public async Task A_spell_is_told_over_once_accepting_has_gone_without_trouble_for_ten_seconds()
    {
        _descriptors.Next = 96;
        var accepted = _listener.AcceptAsync().AsTask();
        await AssertClosedAsync(await ConnectAsync());

        // Room again at once, but a crowd leaving makes room a little at a time: the reserve is
        // reached again within the spell, and that is not told again.
        _descriptors.Next = 50;
        _clock.Clock.Advance(await NextWaitAsync());
        var second = await ConnectAsync();
        Assert.Equal(second.LocalEndPoint, (await accepted.WaitAsync(TestServer.Timeout))!.RemoteEndPoint);
        _descriptors.Next = 97;
        accepted = _listener.AcceptAsync().AsTask();
        await AssertClosedAsync(await ConnectAsync());
        _descriptors.Next = 51;
        _clock.Clock.Advance(await NextWaitAsync());
        var third = await ConnectAsync();
        Assert.Equal(third.LocalEndPoint, (await accepted.WaitAsync(TestServer.Timeout))!.RemoteEndPoint);
        Assert.Single(_logs.Lines);

        // Ten quiet seconds later, the next client accepted ends the spell, and that is told once.
        _clock.Clock.Advance(AcceptPacing.QuietToEnd);
        accepted = _listener.AcceptAsync().AsTask();
        var fourth = await ConnectAsync();
        Assert.Equal(fourth.LocalEndPoint, (await accepted.WaitAsync(TestServer.Timeout))!.RemoteEndPoint);

        Assert.Equal([190, 193], _logs.Lines.Select(l => l.EventId.Id));
        var over = _logs.Lines[1];
        Assert.Equal(LogLevel.Information, over.Level);
        Assert.Equal("2", over["Refused"]);
        Assert.Equal("0", over["Failed"]);
    }

    [Fact]
    public async Task Out_of_descriptors_it_waits_until_one_can_be_opened()
    {
        // EMFILE from accept: the process has no descriptor left at all, so a probe finds none.
        Fail(SocketError.TooManyOpenSockets);
        _descriptors.LowestFreeNow = null;
        var client = await ConnectAsync();
        var accepted = _listener.AcceptAsync().AsTask();

        _clock.Clock.Advance(await NextWaitAsync());
        Assert.Null(await NextProbeAsync());
        var wait = await NextWaitAsync();
        Assert.False(accepted.IsCompleted);

        _descriptors.LowestFreeNow = 40;
        _clock.Clock.Advance(wait);

        Assert.Equal(client.LocalEndPoint, (await accepted.WaitAsync(TestServer.Timeout))!.RemoteEndPoint);
    }

    [Fact]
    public async Task Unbound_while_it_waits_it_stops_at_once()
    {
        Fail(SocketError.NoBufferSpaceAvailable);
        var accepted = _listener.AcceptAsync().AsTask();
        await NextWaitAsync();

        await _listener.UnbindAsync();

        Assert.Null(await accepted.WaitAsync(TestServer.Timeout));
    }

    [Fact]
    public async Task A_client_gone_before_it_was_accepted_is_skipped_without_a_wait()
    {
        Fail(SocketError.ConnectionAborted, SocketError.ConnectionReset);
        var client = await ConnectAsync();

        var connection = await _listener.AcceptAsync().AsTask().WaitAsync(TestServer.Timeout);

        Assert.Equal(client.LocalEndPoint, connection!.RemoteEndPoint);
        Assert.False(_clock.Waits.TryRead(out _));
        Assert.Empty(_logs.Lines);
    }

    [Fact]
    public async Task With_the_reserve_off_every_descriptor_may_be_taken()
    {
        await using var listener = new ChatSocketListener(
            _listenSocket,
            (ChatListenEndPoint)_listener.EndPoint,
            new DescriptorReserve(0, _descriptors),
            _clock,
            _logs.CreateLogger(nameof(ChatSocketListener)));
        _descriptors.Next = 99;
        var client = await ConnectAsync();

        var connection = await listener.AcceptAsync().AsTask().WaitAsync(TestServer.Timeout);

        Assert.Equal(client.LocalEndPoint, connection!.RemoteEndPoint);
        Assert.Empty(_logs.Lines);
    }

    private void Fail(params SocketError[] errors)
    {
        foreach (var error in errors)
        {
            _errors.Enqueue(error);
        }
    }

    /// <summary>The listener's accept: the next injected error, if any, else the socket's own.</summary>
    private ValueTask<Socket> AcceptOrFail(CancellationToken cancellationToken)
    {
        lock (_errors)
        {
            if (_errors.TryDequeue(out var error))
            {
                throw new SocketException((int)error);
            }
        }

        return _listenSocket.AcceptAsync(cancellationToken);
    }

    private async Task<Socket> ConnectAsync()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _clients.Add(client);
        await client.ConnectAsync(_listener.EndPoint).WaitAsync(TestServer.Timeout);
        return client;
    }

    private async Task<TimeSpan> NextWaitAsync() => await _clock.Waits.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);

    private async Task<long?> NextProbeAsync() => await _descriptors.Probes.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);

    /// <summary>The server closed this client without a word (an orderly end, or a reset).</summary>
    private static async Task AssertClosedAsync(Socket client)
    {
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
