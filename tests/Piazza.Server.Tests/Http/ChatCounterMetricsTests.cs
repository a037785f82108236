using System.Net.Sockets;
using System.Text;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

using static Piazza.Server.Tests.Http.MetricsScrape;

namespace Piazza.Server.Tests.Http;

/// <summary>
/// The counters of /metrics move with what clients do: messages said and the deliveries they
/// make, sessions and registrations by protocol and transport, lines in and out, and the limits'
/// cuts (per-IP refusals, flood, send queue), each counted once for the one client it hit.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ChatCounterMetricsTests
{
    [Fact]
    public async Task Messages_deliveries_sessions_and_lines_are_counted_by_protocol_and_transport()
    {
        await using var server = await TestServer.StartAsync();
        using var http = ClientFor(server);
        var (alice, bob) = await server.PlainPairAsync();
        await using var carol = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await carol.RegisterAsync("carol");
        await carol.JoinAsync("#lobby");
        await alice.ExpectAsync(l => l.EndsWith("carol joined lobby", StringComparison.Ordinal));

        for (var i = 0; i < 3; i++)
        {
            await alice.SendAsync($"hello {i}");
            Assert.Equal($"[{alice.Address}] hello {i}", await bob.NextChatAsync());
            Assert.EndsWith($"PRIVMSG #lobby :hello {i}", (await carol.ExpectAsync("PRIVMSG")).Raw, StringComparison.Ordinal);
        }

        // Three messages, each delivered to the two others; nothing else said.
        var text = await PollUntilAsync(http, t => Value(t, "piazza_messages_total") == 3);
        Assert.Equal(3, Value(text, "piazza_messages_total"));
        Assert.True(Value(text, "piazza_deliveries_total") >= 6, text);
        Assert.Equal(2, Value(text, "piazza_sessions", ("protocol", "plain"), ("transport", "tcp")));
        Assert.Equal(1, Value(text, "piazza_sessions", ("protocol", "irc"), ("transport", "tcp")));
        Assert.Equal(2, Value(text, "piazza_registrations_total", ("protocol", "plain"), ("transport", "tcp")));
        Assert.Equal(1, Value(text, "piazza_registrations_total", ("protocol", "irc"), ("transport", "tcp")));
        Assert.True(Value(text, "piazza_lines_received_total", ("protocol", "plain"), ("transport", "tcp")) >= 3, text);
        Assert.True(Value(text, "piazza_lines_sent_total", ("protocol", "irc"), ("transport", "tcp")) >= 3, text);
        Assert.Equal(0, Value(text, "piazza_send_queue_cuts_total", ("protocol", "plain"), ("transport", "tcp")));
        Assert.Equal(0, Value(text, "piazza_flood_cuts_total", ("protocol", "plain"), ("transport", "tcp")));
        Assert.Equal(0, Value(text, "piazza_per_ip_refusals_total"));
        Assert.Contains("piazza_history_write_lag_seconds", text, StringComparison.Ordinal);

        await carol.SendAsync("QUIT :bye");
        await carol.WaitClosedAsync();
        await PollUntilAsync(http, t => Value(t, "piazza_sessions", ("protocol", "irc"), ("transport", "tcp")) == 0);
        Assert.DoesNotContain(bob.Skipped, l => l.StartsWith("! ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Irc_over_websocket_is_its_own_transport()
    {
        await using var server = await TestServer.StartAsync();
        using var http = ClientFor(server);
        var web = await server.ConnectWebSocketIrcAsync("webby", "text.ircv3.net");
        await using var tcp = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await tcp.RegisterAsync("tcpuser");

        var text = await PollUntilAsync(http, t => Value(t, "piazza_sessions", ("protocol", "irc"), ("transport", "ws")) == 1
            && Value(t, "piazza_sessions", ("protocol", "irc"), ("transport", "tcp")) == 1);
        Assert.Equal(1, Value(text, "piazza_registrations_total", ("protocol", "irc"), ("transport", "ws")));
        Assert.Equal(2, Value(text, "piazza_connections"));

        await web.SendAsync("QUIT :bye");
        await web.WaitClosedAsync();
        await PollUntilAsync(http, t => Value(t, "piazza_sessions", ("protocol", "irc"), ("transport", "ws")) == 0);
    }

    [Fact]
    public async Task A_per_ip_refusal_is_counted()
    {
        await using var server = await TestServer.StartAsync("Limits:MaxConnectionsPerIp=1");
        using var http = ClientFor(server);
        var from = Loopback.Address(21);
        await using var first = await LineClient.ConnectAsync(server.EndPoint, from: from);
        await using var refused = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false, from: from);
        Assert.Equal(["! too many connections from your address (the most is 1 at once); close one first"], await refused.WaitClosedAsync());

        var text = await PollUntilAsync(http, t => Value(t, "piazza_per_ip_refusals_total") == 1);
        Assert.Equal(1, Value(text, "piazza_sessions", ("protocol", "plain"), ("transport", "tcp")));
    }

    [Fact]
    public async Task A_flooder_is_counted_as_throttled_and_cut()
    {
        await using var server = await TestServer.StartAsync("Flood:LinesPerSecond=1", "Flood:LineBurst=2", "Flood:MaxPendingBytes=4096");
        using var http = ClientFor(server);
        await using var witness = await server.ConnectAsync("witness");
        await using var flooder = await server.ConnectAsync("flooder");

        // Far more than the allowance and the unread limit: the server cuts it (bounded: 1 MB).
        var flood = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 50_000).Select(n => $"f {n}\n")));
        try
        {
            await flooder.SendRawAsync(flood);
        }
        catch (IOException)
        {
            // Cut while sending: what the test is about.
        }
        catch (SocketException)
        {
            // Likewise.
        }

        await witness.ExpectAsync("* flooder quit (Excess Flood)");
        var text = await PollUntilAsync(http, t => Value(t, "piazza_flood_cuts_total", ("protocol", "plain"), ("transport", "tcp")) == 1);
        Assert.Equal(1, Value(text, "piazza_flood_throttles_total", ("protocol", "plain"), ("transport", "tcp")));
        Assert.DoesNotContain(witness.Skipped, l => l.StartsWith("! ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_cut_for_its_send_queue_is_counted()
    {
        await using var server = await TestServer.StartAsync("Flood:Enabled=false", "Chat:MaxSendQueueBytes=65536");
        using var http = ClientFor(server);
        await using var talker = await server.ConnectAsync();
        using var sloth = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await sloth.ConnectAsync(server.IrcEndPoint).WaitAsync(TestServer.Timeout);
        await sloth.SendAsync("NICK sloth\r\nUSER s 0 * :Sloth\r\nJOIN #lobby\r\n"u8.ToArray());
        await talker.ExpectAsync(l => l.EndsWith("* sloth joined lobby", StringComparison.Ordinal));

        var line = new string('x', 1000);
        var quit = talker.ExpectAsync(l => l.Contains(" quit (", StringComparison.Ordinal));
        for (var i = 0; i < 20_000 && !quit.IsCompleted; i++)
        {
            await talker.SendAsync($"{i} {line}");
        }

        Assert.Equal("* sloth quit (send queue exceeded)", await quit);
        await PollUntilAsync(http, t => Value(t, "piazza_send_queue_cuts_total", ("protocol", "irc"), ("transport", "tcp")) == 1);
    }
}
