using System.Net;
using System.Net.Sockets;
using System.Text;

using Piazza.Server.Sessions;
using Piazza.Server.Sessions.Output;
using Piazza.Server.Transport;
using Piazza.Testing;

namespace Piazza.Server.Tests.Sessions;

/// <summary>
/// The writer's direct send (<see cref="SocketBatchOutput"/>) on a real loopback socket pair: every
/// byte of a batch arrives in order, a batch larger than one send's buffer goes in several, a
/// send the peer is not reading waits for it (TCP back-pressure) and then completes, and a
/// connection broken under a send is a transport fault.
/// </summary>
public sealed class SocketBatchOutputTests : IAsyncLifetime, IDisposable
{
    private Socket _server = null!;
    private Socket _client = null!;

    public async Task InitializeAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptAsync();
        await _client.ConnectAsync(listener.LocalEndPoint!);
        _server = await accept.WaitAsync(TestServer.Timeout);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _server.Dispose();
        _client.Dispose();
    }

    [Fact]
    public async Task A_batch_arrives_whole_and_in_order()
    {
        var batch = Lines(3, 20);
        Assert.True(await Output().WriteAsync(batch, 3));

        Assert.Equal(Join(batch, 3), await ReadAsync(Join(batch, 3).Length));
    }

    [Fact]
    public async Task Only_the_first_count_messages_of_the_array_are_sent()
    {
        var batch = Lines(4, 10);
        Assert.True(await Output().WriteAsync(batch, 2));
        Assert.True(await Output().WriteAsync([Encoding.ASCII.GetBytes("end\n")], 1));

        Assert.Equal(Join(batch, 2) + "end\n", await ReadAsync(Join(batch, 2).Length + 4));
    }

    [Fact]
    public async Task A_batch_larger_than_one_send_goes_in_order_while_the_peer_reads_late()
    {
        // 5,000 lines of ~200 bytes: about 1 MB, far past one 64 KiB send and past what the
        // kernel buffers, so sends wait for the reader, which starts only after the write began.
        var batch = Lines(5000, 190);
        var expected = Join(batch, batch.Length);
        var write = Output().WriteAsync(batch, batch.Length).AsTask();

        var received = await ReadAsync(expected.Length);

        Assert.True(await write.WaitAsync(TestServer.Timeout));
        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task A_peer_that_resets_under_a_pending_send_is_a_transport_fault()
    {
        _client.LingerState = new LingerOption(true, 0);
        var batch = Lines(50000, 190);
        var write = Output().WriteAsync(batch, batch.Length).AsTask();
        _client.Close();

        var fault = await Assert.ThrowsAnyAsync<Exception>(() => write.WaitAsync(TestServer.Timeout));
        Assert.True(TransportFaults.Is(fault), $"not a transport fault: {fault}");
    }

    [Fact]
    public async Task A_socket_disposed_under_the_writer_is_a_transport_fault_not_a_bug()
    {
        var output = Output();
        _server.Dispose();

        var fault = await Assert.ThrowsAnyAsync<Exception>(() => output.WriteAsync(Lines(1, 10), 1).AsTask());
        Assert.True(TransportFaults.Is(fault), $"not a transport fault: {fault}");
    }

    private SocketBatchOutput Output() => new(_server, new ChatSocketConnection(_server));

    private static ReadOnlyMemory<byte>[] Lines(int count, int length) =>
        [.. Enumerable.Range(0, count).Select(i => (ReadOnlyMemory<byte>)Encoding.ASCII.GetBytes($"{i:D6} {new string((char)('a' + (i % 26)), length)}\n"))];

    private static string Join(ReadOnlyMemory<byte>[] batch, int count) =>
        string.Concat(batch.Take(count).Select(line => Encoding.ASCII.GetString(line.Span)));

    private async Task<string> ReadAsync(int length)
    {
        var buffer = new byte[length];
        var read = 0;
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        while (read < length)
        {
            var n = await _client.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
            Assert.NotEqual(0, n);
            read += n;
        }

        return Encoding.ASCII.GetString(buffer);
    }
}
