using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Piazza.Server.Hosting;
using Piazza.Server.Sessions;
using Piazza.Server.Transport;
using Piazza.Testing;

namespace Piazza.Server.Tests.Transport;

/// <summary>
/// Piazza's own transport for the chat and IRC ports, on real loopback sockets: what it reads and
/// writes, how it closes, and that every way a connection breaks comes out as a transport fault
/// (what the sessions treat as a client gone), never as something taken for a bug.
/// </summary>
public sealed class ChatSocketTransportTests : IAsyncLifetime, IDisposable
{
    private IConnectionListener _listener = null!;
    private Socket _client = null!;
    private ChatSocketConnection _connection = null!;

    public async Task InitializeAsync()
    {
        var factory = NewFactory();
        _listener = await factory.BindAsync(ChatListenEndPoint.From(new IPEndPoint(IPAddress.Loopback, 0)));
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = _listener.AcceptAsync().AsTask();
        await _client.ConnectAsync(_listener.EndPoint);
        _connection = Assert.IsType<ChatSocketConnection>(await accept.WaitAsync(TestServer.Timeout));
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _listener.DisposeAsync();
    }

    public void Dispose() => _client.Dispose();

    [Fact]
    public void The_factory_takes_only_endpoints_marked_for_it()
    {
        var factory = NewFactory();

        Assert.True(factory.CanBind(ChatListenEndPoint.From(new IPEndPoint(IPAddress.Loopback, 54321))));
        Assert.False(factory.CanBind(new IPEndPoint(IPAddress.Loopback, 8080)));
        Assert.IsType<ChatListenEndPoint>(_listener.EndPoint);
        Assert.NotEqual(0, ((IPEndPoint)_listener.EndPoint).Port);
    }

    [Fact]
    public void The_connection_tells_its_addresses_and_socket_as_Kestrels_does()
    {
        Assert.Equal(_client.LocalEndPoint, _connection.RemoteEndPoint);
        Assert.Equal(_client.RemoteEndPoint, _connection.LocalEndPoint);
        Assert.Same(_connection.Socket, _connection.Features.Get<IConnectionSocketFeature>()?.Socket);
        Assert.Same(_connection, _connection.Features.Get<IConnectionLifetimeFeature>());
        Assert.Null(_connection.Features.Get<ITlsHandshakeFeature>());
        Assert.False(string.IsNullOrEmpty(_connection.ConnectionId));
    }

    [Fact]
    public void A_feature_set_is_found_replaced_and_removed()
    {
        var features = _connection.Features;
        var first = new Marker();
        var second = new Marker();

        features.Set(first);
        Assert.Same(first, features.Get<Marker>());
        features.Set(second);
        Assert.Same(second, features.Get<Marker>());
        Assert.Single(features, f => f.Key == typeof(Marker));
        features.Set<Marker>(null);
        Assert.Null(features.Get<Marker>());
    }

    [Fact]
    public async Task A_waiting_read_continues_on_the_socket_engines_own_thread_not_the_pool()
    {
        Assert.True(InlineCompletions.Available, "this runtime has no Socket.PreferInlineCompletions: chat reads go through the pool again");
        var input = _connection.Transport.Input;
        var pending = input.ReadAsync(); // nothing sent yet, so it waits
        Assert.False(pending.IsCompleted);
        var continuedOnPool = ContinuedOnPoolAsync(pending);

        await SendAsync("x\n");

        Assert.False(await continuedOnPool.WaitAsync(TestServer.Timeout));

        async Task<bool> ContinuedOnPoolAsync(ValueTask<System.IO.Pipelines.ReadResult> read)
        {
            var result = await read.ConfigureAwait(false); // no test context: where the reader completes it
            var onPool = Thread.CurrentThread.IsThreadPoolThread;
            input.AdvanceTo(result.Buffer.End);
            return onPool;
        }
    }

    [Fact]
    public async Task Lines_sent_in_pieces_are_read_whole_and_in_order()
    {
        await SendAsync("hel");
        await SendAsync("lo\nwor");
        await SendAsync("ld\n");

        Assert.Equal("hello\nworld\n", await ReadFromConnectionAsync(12));
    }

    [Fact]
    public async Task What_the_client_sends_before_leaving_is_read_and_then_the_end()
    {
        await SendAsync("last words\n");
        _client.Shutdown(SocketShutdown.Send);

        Assert.Equal("last words\n", await ReadFromConnectionAsync(11));
        var end = await _connection.Input.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);
        Assert.True(end.IsCompleted);
        Assert.True(end.Buffer.IsEmpty);
    }

    [Fact]
    public async Task A_line_written_through_the_pipe_arrives_before_the_close_on_dispose()
    {
        // A refusal: written through the output pipe, then the handler returns and Kestrel disposes the connection.
        await _connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes("* server full\n"));
        await _connection.DisposeAsync();

        Assert.Equal("* server full\n", await ReadToEndAsync());
    }

    [Fact]
    public async Task Completing_the_sessions_output_closes_after_what_was_sent()
    {
        await _connection.Socket.SendAsync(Encoding.ASCII.GetBytes("* bye\n"));
        await _connection.CompleteOutputAsync();

        Assert.Equal("* bye\n", await ReadToEndAsync());
    }

    [Fact]
    public async Task An_abort_ends_a_pending_read_and_every_later_read_as_a_transport_fault()
    {
        var pending = _connection.Input.ReadAsync().AsTask();
        Assert.False(pending.IsCompleted);

        _connection.Abort(new ConnectionAbortedException("test abort"));

        var fault = await Assert.ThrowsAnyAsync<Exception>(() => pending.WaitAsync(TestServer.Timeout));
        Assert.True(TransportFaults.Is(fault), $"not a transport fault: {fault}");
        var later = await Assert.ThrowsAnyAsync<Exception>(() => new SocketStream(_connection.Socket, _connection).ReadAsync(new byte[16]).AsTask().WaitAsync(TestServer.Timeout));
        Assert.IsType<ConnectionAbortedException>(later);
        Assert.Equal("test abort", later.Message);
    }

    [Fact]
    public async Task A_client_reset_is_a_transport_fault()
    {
        _client.LingerState = new LingerOption(true, 0);
        _client.Close();

        var fault = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (true)
            {
                var result = await _connection.Input.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);
                _connection.Input.AdvanceTo(result.Buffer.End);
                Assert.False(result.IsCompleted, "a reset read as an orderly end");
            }
        });
        Assert.True(TransportFaults.Is(fault), $"not a transport fault: {fault}");
    }

    [Fact]
    public async Task ConnectionClosed_fires_on_close_and_is_already_cancelled_when_asked_after()
    {
        var closed = _connection.ConnectionClosed;
        Assert.False(closed.IsCancellationRequested);

        _connection.Abort(new ConnectionAbortedException("test"));

        Assert.True(closed.IsCancellationRequested);
        Assert.True(_connection.ConnectionClosed.IsCancellationRequested);
    }

    [Fact]
    public async Task A_token_first_asked_for_after_the_close_is_cancelled()
    {
        await _connection.CompleteOutputAsync();

        Assert.True(_connection.ConnectionClosed.IsCancellationRequested);
    }

    [Fact]
    public async Task An_unbound_listener_stops_accepting()
    {
        var next = _listener.AcceptAsync().AsTask();
        await _listener.UnbindAsync();

        Assert.Null(await next.WaitAsync(TestServer.Timeout));
    }

    [Fact]
    public async Task A_read_cancelled_while_waiting_says_so_and_the_next_read_gets_the_data()
    {
        var pending = _connection.Input.ReadAsync().AsTask();
        Assert.False(pending.IsCompleted);

        _connection.Input.CancelPendingRead();

        var cancelled = await pending.WaitAsync(TestServer.Timeout);
        Assert.True(cancelled.IsCanceled);
        _connection.Input.AdvanceTo(cancelled.Buffer.Start);
        await SendAsync("after\n");
        Assert.Equal("after\n", await ReadFromConnectionAsync(6));
    }

    [Fact]
    public async Task A_cancel_before_the_read_makes_the_next_read_return_cancelled_at_once()
    {
        _connection.Input.CancelPendingRead();

        var result = await _connection.Input.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);

        Assert.True(result.IsCanceled);
        _connection.Input.AdvanceTo(result.Buffer.Start);
    }

    [Fact]
    public async Task A_read_whose_token_expires_throws_and_a_later_read_still_gets_the_data()
    {
        // Protocol detection waits for a first line this way, then reads again.
        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _connection.Input.ReadAsync(soon.Token).AsTask().WaitAsync(TestServer.Timeout));

        await SendAsync("NICK late\n");
        Assert.Equal("NICK late\n", await ReadFromConnectionAsync(10));
    }

    [Fact]
    public async Task Bytes_handed_out_but_not_examined_are_returned_again_at_once()
    {
        await SendAsync("partial");
        var first = await ReadAtLeastAsync(7);
        _connection.Input.AdvanceTo(first.Buffer.Start);

        var again = await _connection.Input.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);

        Assert.Equal("partial", Encoding.ASCII.GetString(again.Buffer.ToArray()));
        _connection.Input.AdvanceTo(again.Buffer.End);
    }

    [Fact]
    public async Task A_line_far_longer_than_one_receive_arrives_whole()
    {
        var line = new string('x', 20_000) + "\n";
        await SendAsync(line);

        Assert.Equal(line, await ReadFromConnectionAsync(line.Length));
    }

    [Fact]
    public async Task An_idle_reader_holds_no_buffer_once_everything_is_consumed()
    {
        var reader = Assert.IsType<SocketPipeReader>(_connection.Input);
        await SendAsync("hi\n");
        Assert.Equal("hi\n", await ReadFromConnectionAsync(3));

        Assert.False(reader.HoldsBuffer);
        var pending = reader.ReadAsync().AsTask();
        Assert.False(pending.IsCompleted);
        Assert.False(reader.HoldsBuffer);
        await SendAsync("more\n");
        var more = await pending.WaitAsync(TestServer.Timeout);
        Assert.Equal("more\n", Encoding.ASCII.GetString(more.Buffer.ToArray()));
        reader.AdvanceTo(more.Buffer.End);
    }

    /// <summary>The transport as the server makes it (the descriptor reserve on, of its default size).</summary>
    internal static ChatSocketTransportFactory NewFactory() => new(
        Options.Create(new ListenSettings()),
        new DescriptorReserve(ListenSettings.DefaultReservedFileDescriptors, new ProcessDescriptors()),
        NullLoggerFactory.Instance,
        TimeProvider.System);

    private async Task<System.IO.Pipelines.ReadResult> ReadAtLeastAsync(int length)
    {
        while (true)
        {
            var result = await _connection.Input.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);
            if (result.Buffer.Length >= length)
            {
                return result;
            }

            _connection.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private async Task SendAsync(string text) => await _client.SendAsync(Encoding.ASCII.GetBytes(text)).WaitAsync(TestServer.Timeout);

    private async Task<string> ReadFromConnectionAsync(int length)
    {
        var input = _connection.Input;
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);
            if (result.Buffer.Length >= length || result.IsCompleted)
            {
                var text = Encoding.ASCII.GetString(result.Buffer.Slice(0, Math.Min(length, result.Buffer.Length)).ToArray());
                input.AdvanceTo(result.Buffer.GetPosition(Math.Min(length, result.Buffer.Length)));
                return text;
            }

            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private async Task<string> ReadToEndAsync()
    {
        var received = new MemoryStream();
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        while (true)
        {
            var n = await _client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                return Encoding.ASCII.GetString(received.ToArray());
            }

            received.Write(buffer, 0, n);
        }
    }

    private sealed class Marker;
}
