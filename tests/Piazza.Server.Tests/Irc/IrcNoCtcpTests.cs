using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>Channel mode +C: no CTCP to the channel but ACTION (https://modern.ircdocs.horse/#no-ctcp-mode).</summary>
[Trait("Category", "Slow")]
public sealed class IrcNoCtcpTests
{
    [Fact]
    public async Task Under_plus_C_an_action_goes_through_and_other_ctcp_gets_404()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await alice.SendAsync("MODE #dev +C");
        Assert.Equal(":alice!~aliceu@127.0.0.1 MODE #dev +C", (await alice.ExpectAsync("MODE")).Raw);
        await bob.ExpectAsync("MODE");

        await bob.SendAsync("PRIVMSG #dev :\u0001ACTION waves\u0001");
        await bob.SendAsync("PRIVMSG #dev :\u0001VERSION\u0001");
        var refused = await bob.NextAsync();
        await bob.SendAsync("PRIVMSG #dev :plain text");
        var afterwards = await bob.SyncAsync();
        var received = await alice.SyncAsync();

        Assert.Equal("404", refused.Command);
        Assert.Equal(["bob", "#dev"], refused.Parameters.Take(2));
        Assert.Empty(afterwards);
        Assert.Equal(["\u0001ACTION waves\u0001", "plain text"], received.Where(l => l.Is("PRIVMSG")).Select(l => l.Last));
        Assert.DoesNotContain(received, l => l.IsError);
    }

    [Fact]
    public async Task A_ctcp_notice_to_a_plus_C_channel_is_dropped_without_a_reply()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await alice.SendAsync("MODE #dev +C");
        await bob.ExpectAsync("MODE");

        await bob.SendAsync("NOTICE #dev :\u0001PING 1\u0001");
        var answer = await bob.SyncAsync();
        var received = await alice.SyncAsync();

        Assert.Empty(answer);
        Assert.DoesNotContain(received, l => l.Is("NOTICE"));
    }

    [Fact]
    public async Task Without_plus_C_ctcp_reaches_the_channel_and_minus_C_lifts_it()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");

        await bob.SendAsync("PRIVMSG #dev :\u0001PING 1\u0001");
        Assert.Equal("\u0001PING 1\u0001", (await alice.ExpectAsync("PRIVMSG")).Last);
        await alice.SendAsync("MODE #dev +C");
        await bob.ExpectAsync("MODE");
        await alice.SendAsync("MODE #dev");
        var shown = await alice.ExpectAsync("324");
        await alice.SendAsync("MODE #dev -C");
        Assert.Equal("-C", (await bob.ExpectAsync("MODE"))[1]);
        await bob.SendAsync("PRIVMSG #dev :\u0001PING 2\u0001");

        Assert.Equal("\u0001PING 2\u0001", (await alice.ExpectAsync("PRIVMSG")).Last);
        Assert.Equal(["alice", "#dev", "+Cnt"], shown.Parameters);
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.IsError);
    }

    [Fact]
    public async Task Isupport_lists_C_among_the_flag_modes()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("VERSION");

        var tokens = (await alice.SyncAsync()).Where(l => l.Is("005")).SelectMany(l => l.Parameters).ToList();

        Assert.Contains("CHANMODES=Ibe,k,l,Cimnst", tokens);
    }
}
