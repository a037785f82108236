using System.Globalization;
using System.Net.Sockets;
using System.Text;

using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>Bad input, floods and many registrations: clear errors, and the connection (and everyone else) carries on.</summary>
[Trait("Category", "Slow")]
public sealed class IrcRobustnessTests
{
    [Fact]
    public async Task Unknown_commands_get_421_and_missing_parameters_461()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("FROBNICATE now");
        await alice.SendAsync("JOIN");
        await alice.SendAsync("TOPIC");
        await alice.SendAsync("mode");
        var replies = await alice.SyncAsync();

        Assert.Equal(["421", "461", "461", "461"], replies.Select(l => l.Command));
        Assert.Equal(["alice", "FROBNICATE", "Unknown command"], replies[0].Parameters);
        Assert.Equal(["alice", "JOIN"], replies[1].Parameters.Take(2));
        Assert.Equal("MODE", replies[3][1]);
    }

    [Fact]
    public async Task A_line_over_512_bytes_gets_417_and_the_connection_goes_on()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");

        await alice.SendAsync("PRIVMSG bob :" + new string('x', 600));
        var tooLong = await alice.NextAsync();
        Assert.Equal(["417", "alice"], [tooLong.Command, tooLong[0]]);

        await alice.SendAsync("PRIVMSG bob :fits");
        Assert.Equal("fits", (await bob.NextAsync()).Last);
    }

    [Fact]
    public async Task A_100_kilobyte_line_without_newline_gets_one_417_and_the_connection_goes_on()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");

        await alice.SendRawAsync(Encoding.ASCII.GetBytes("PRIVMSG bob :" + new string('y', 100 * 1024)));
        Assert.Equal("417", (await alice.NextAsync()).Command);
        await alice.SendAsync(" still the same line");
        await alice.SendAsync("PRIVMSG bob :after the flood");

        Assert.Equal("after the flood", (await bob.NextAsync()).Last);
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task A_flood_of_ten_thousand_pings_gets_every_pong_in_order_while_others_chat()
    {
        const int Pings = 10_000;

        // About backpressure from a client's own replies, not flood control (which would cut it
        // for Excess Flood long before: FloodTests covers that).
        await using var server = await TestServer.StartAsync("Flood:Enabled=false");
        await using var flooder = await server.ConnectIrcAsync("flooder");
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");

        var flood = new StringBuilder();
        for (var i = 0; i < Pings; i++)
        {
            flood.Append(CultureInfo.InvariantCulture, $"PING {i}\r\n");
        }

        var sending = flooder.SendRawAsync(Encoding.ASCII.GetBytes(flood.ToString()));
        await alice.SendAsync("PRIVMSG #dev :unaffected");
        Assert.Equal("unaffected", (await bob.ExpectAsync("PRIVMSG")).Last);
        await sending;

        for (var i = 0; i < Pings; i++)
        {
            var pong = await flooder.NextAsync();
            Assert.Equal(("PONG", i.ToString(CultureInfo.InvariantCulture)), (pong.Command, pong.Last));
        }
    }

    [Fact]
    public async Task A_flooder_that_never_reads_its_pongs_holds_up_nobody_and_leaves_cleanly()
    {
        const int Pings = 30_000;
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        using var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await flooder.ConnectAsync(server.IrcEndPoint).WaitAsync(TestServer.Timeout);

        var flood = new StringBuilder("NICK flooder\r\nUSER f 0 * :F\r\nJOIN #dev\r\n");
        for (var i = 0; i < Pings; i++)
        {
            flood.Append(CultureInfo.InvariantCulture, $"PING {i}\r\n");
        }

        await flooder.SendAsync(Encoding.ASCII.GetBytes(flood.ToString())).WaitAsync(TestServer.Timeout);
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "flooder");
        await alice.SendAsync("PRIVMSG #dev :still chatting");
        Assert.Equal("still chatting", (await bob.ExpectAsync("PRIVMSG")).Last);

        flooder.LingerState = new LingerOption(true, 0);
        flooder.Close();
        // Its 30,000 PONGs are far more than its send queue holds: it was slowed down, not dropped
        // for them. Its 240 KB of PINGs, sent at once, are also a flood: if its first flood pause
        // (200 ms) ends before its reset is seen, flood control cuts it first, which is as clean.
        Assert.Matches(@"^:flooder!~f@127\.0\.0\.1 QUIT :(connection (lost|closed)|Excess Flood)$", (await alice.ExpectAsync("QUIT")).Raw);
        await alice.SendAsync("QUIT");
        await bob.SendAsync("QUIT");
        await alice.WaitClosedAsync();
        await bob.WaitClosedAsync();
        await server.WaitAllClosedAsync();
    }

    [Fact]
    public async Task A_thousand_registrations_in_a_row_all_get_001_and_every_connection_closes()
    {
        const int Registrations = 1000;
        const int AtOnce = 4;
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.ConnectIrcAsync("watcher");

        var lanes = Enumerable.Range(0, AtOnce).Select(lane => Task.Run(async () =>
        {
            for (var i = lane; i < Registrations; i += AtOnce)
            {
                await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
                var burst = await client.RegisterAsync("r" + i.ToString(CultureInfo.InvariantCulture));
                Assert.Equal("001", burst[0].Command);
                await client.SendAsync("QUIT :done");
                Assert.Equal("ERROR", (await client.WaitClosedAsync()).Single().Command);
            }
        }));
        await Task.WhenAll(lanes);

        await watcher.SendAsync("LUSERS");
        Assert.Equal("There are 1 users and 0 invisible on 1 servers", (await watcher.ExpectAsync("251")).Last);
        await watcher.SendAsync("QUIT");
        await watcher.WaitClosedAsync();
        await server.WaitAllClosedAsync();
    }
}
