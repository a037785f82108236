using System.Net.Sockets;
using System.Text;

using Piazza.Storage.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Storage.Tests.Redis;

/// <summary>
/// The Redis fixture (<see cref="RedisServer"/>) the cluster's tests will run against: it starts,
/// answers RESP on its port, and one of a test's own stops, dies and comes back on the same port.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RedisServerTests
{
    [Fact]
    public async Task The_shared_server_answers_a_ping_on_loopback()
    {
        var server = await RedisServer.SharedAsync().WaitAsync(TestTimeouts.Process);

        Assert.InRange(server.Port, 56400, 56499);
        Assert.Equal($"127.0.0.1:{server.Port}", server.ConnectionString);
        Assert.StartsWith("+PONG", await PingAsync(server.Port), StringComparison.Ordinal);
        Assert.Same(server, await RedisServer.SharedAsync().WaitAsync(TestTimeouts.Process));
    }

    [Fact]
    public async Task An_own_server_can_be_killed_and_restarted_on_its_port()
    {
        var shared = await RedisServer.SharedAsync().WaitAsync(TestTimeouts.Process);
        await using var server = await RedisServer.StartAsync().WaitAsync(TestTimeouts.Process);
        Assert.NotEqual(shared.Port, server.Port);
        Assert.StartsWith("+PONG", await PingAsync(server.Port), StringComparison.Ordinal);

        await server.StopAsync(kill: true).WaitAsync(TestTimeouts.Process);
        await Assert.ThrowsAnyAsync<SocketException>(() => PingAsync(server.Port));

        await server.RestartAsync().WaitAsync(TestTimeouts.Process);
        Assert.StartsWith("+PONG", await PingAsync(server.Port), StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => shared.StopAsync());
    }

    /// <summary>Sends RESP's inline <c>PING</c> over a plain TCP connection; returns the first line of the answer.</summary>
    private static async Task<string> PingAsync(int port)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Operation);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
        var buffer = new byte[64];
        var length = 0;
        while (length < buffer.Length && Array.IndexOf(buffer, (byte)'\n', 0, length) < 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return Encoding.ASCII.GetString(buffer, 0, length);
    }
}
