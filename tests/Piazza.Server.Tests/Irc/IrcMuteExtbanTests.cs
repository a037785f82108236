using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>The mute extban <c>+b m:mask</c> (ISUPPORT EXTBAN=,m): the muted may join, but not speak (404).</summary>
[Trait("Category", "Slow")]
public sealed class IrcMuteExtbanTests
{
    [Fact]
    public async Task A_muted_user_joins_but_gets_404_until_the_mute_is_lifted()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await alice.JoinAsync("#dev");
        await alice.SendAsync("MODE #dev +b m:bob");
        Assert.Equal(":alice!~aliceu@127.0.0.1 MODE #dev +b m:bob!*@*", (await alice.ExpectAsync("MODE")).Raw);

        var joined = await bob.JoinAsync("#dev");
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "bob");
        await bob.SendAsync("MODE #dev +b");
        var bans = await bob.SyncAsync();
        await bob.SendAsync("PRIVMSG #dev :hi");
        var refused = await bob.NextAsync();
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("PRIVMSG"));

        await alice.SendAsync("MODE #dev -b m:BOB");
        Assert.Equal("m:bob!*@*", (await bob.ExpectAsync("MODE"))[2], ignoreCase: true);
        await bob.SendAsync("PRIVMSG #dev :hi again");

        Assert.Equal("hi again", (await alice.ExpectAsync("PRIVMSG")).Last);
        Assert.Contains(joined, l => l.Is("366"));
        Assert.Equal(["367", "368"], bans.Select(l => l.Command));
        Assert.Equal(["bob", "#dev", "m:bob!*@*", "alice"], bans[0].Parameters.Take(4));
        Assert.Equal(["404", "bob", "#dev"], [refused.Command, .. refused.Parameters.Take(2)]);
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.IsError);
    }

    [Fact]
    public async Task Voice_and_an_exception_let_a_muted_user_speak()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob, carol) = await server.IrcTrioInAsync("#dev", "alice", "bob", "carol");
        await alice.SendAsync("MODE #dev +bb m:bob m:carol");
        await bob.ExpectAsync("MODE");
        await carol.ExpectAsync("MODE");

        await alice.SendAsync("MODE #dev +v bob");
        await bob.ExpectAsync("MODE");
        await alice.SendAsync("MODE #dev +e m:*!*carolu@*");

        // carol saw +v bob too: wait for the exception itself, or she may speak before it is set.
        await carol.ExpectAsync(l => l.Is("MODE") && l[1] == "+e");
        await bob.SendAsync("PRIVMSG #dev :voiced");
        await carol.SendAsync("PRIVMSG #dev :excepted");
        var heard = new[] { await alice.ExpectAsync("PRIVMSG"), await alice.ExpectAsync("PRIVMSG") };

        Assert.Equal(["excepted", "voiced"], heard.Select(l => l.Last).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.IsError);
        Assert.DoesNotContain(await carol.SyncAsync(), l => l.IsError);
    }

    [Fact]
    public async Task A_mute_does_not_ban_and_a_plain_exception_lifts_a_mute_too()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await alice.SendAsync("MODE #dev +be m:bob bob");
        await bob.ExpectAsync("MODE");

        await bob.SendAsync("PRIVMSG #dev :still here");

        Assert.Equal("still here", (await alice.ExpectAsync("PRIVMSG")).Last);
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.IsError);
    }

    [Theory]
    [InlineData("+I m:bob", "I", "m:bob")]
    [InlineData("+b m:", "b", "m:")]
    [InlineData("+b m:a!b!c", "b", "m:a!b!c")]
    public async Task A_bad_mute_gets_696(string modes, string letter, string echoed)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#dev");

        await alice.SendAsync("MODE #dev " + modes);
        var refused = await alice.NextAsync();

        Assert.Equal(["696", "alice", "#dev", letter, echoed], [refused.Command, .. refused.Parameters.Take(4)]);
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("MODE"));
    }

    [Fact]
    public async Task Isupport_advertises_the_mute_extban()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("VERSION");

        var tokens = (await alice.SyncAsync()).Where(l => l.Is("005")).SelectMany(l => l.Parameters).ToList();

        Assert.Contains("EXTBAN=,m", tokens);
    }
}
