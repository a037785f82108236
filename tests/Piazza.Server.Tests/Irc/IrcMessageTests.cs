using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>PRIVMSG and NOTICE to channels and nicks, several targets, AWAY, and their errors.</summary>
[Trait("Category", "Slow")]
public sealed class IrcMessageTests
{
    [Fact]
    public async Task Privmsg_to_a_channel_reaches_the_others_but_not_the_sender()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await using var outsider = await server.ConnectIrcAsync("outsider");

        await alice.SendAsync("PRIVMSG #dev :hello, dev: how are you?");

        Assert.Equal(":alice!~aliceu@127.0.0.1 PRIVMSG #dev :hello, dev: how are you?", (await bob.ExpectAsync("PRIVMSG")).Raw);
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("PRIVMSG"));
        Assert.DoesNotContain(await outsider.SyncAsync(), l => l.Is("PRIVMSG"));
    }

    [Fact]
    public async Task Privmsg_and_notice_reach_nicks_and_several_targets_at_once()
    {
        await using var server = await TestServer.StartAsync();
        var (carol, alice) = await server.IrcPairInAsync("#dev", "carol", "alice");
        await using var bob = await server.ConnectIrcAsync("bob");

        await alice.SendAsync("PRIVMSG bob :psst");
        Assert.Equal(":alice!~aliceu@127.0.0.1 PRIVMSG bob :psst", (await bob.NextAsync()).Raw);
        await alice.SendAsync("NOTICE bob :a notice");
        Assert.Equal(":alice!~aliceu@127.0.0.1 NOTICE bob :a notice", (await bob.NextAsync()).Raw);

        await alice.SendAsync("PRIVMSG #dev,bob :to both");
        Assert.Equal(":alice!~aliceu@127.0.0.1 PRIVMSG bob :to both", (await bob.NextAsync()).Raw);
        Assert.Equal(":alice!~aliceu@127.0.0.1 PRIVMSG #dev :to both", (await carol.ExpectAsync("PRIVMSG")).Raw);
        await alice.SendAsync("NOTICE #dev,bob :noticed");
        Assert.Equal("NOTICE", (await bob.NextAsync()).Command);
        Assert.Equal(":alice!~aliceu@127.0.0.1 NOTICE #dev :noticed", (await carol.NextAsync()).Raw);
    }

    [Fact]
    public async Task Privmsg_errors_name_the_target_and_notice_never_gets_an_error()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await bob.JoinAsync("#members");
        await bob.SendAsync("MODE #members +m");
        await bob.ExpectAsync("MODE");

        await alice.SendAsync("PRIVMSG nobody :hi");
        await alice.SendAsync("PRIVMSG #nowhere :hi");
        await alice.SendAsync("PRIVMSG #members :from outside");
        await alice.SendAsync("PRIVMSG");
        await alice.SendAsync("PRIVMSG bob");
        await alice.SendAsync("NOTICE nobody :hi");
        await alice.SendAsync("NOTICE #members :from outside");
        var replies = await alice.SyncAsync();

        Assert.Equal(["401", "401", "404", "411", "412"], replies.Select(l => l.Command));
        Assert.Equal(["nobody", "#nowhere", "#members"], replies.Take(3).Select(l => l[1]));
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.Is("PRIVMSG") || l.Is("NOTICE"));
    }

    [Fact]
    public async Task Away_is_told_to_whoever_messages_the_away_user_and_cleared_with_a_bare_away()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");

        await bob.SendAsync("AWAY :gone fishing");
        Assert.Equal(["bob", "You have been marked as being away"], (await bob.NextAsync()).Parameters);
        await alice.SendAsync("PRIVMSG bob :are you there?");
        Assert.Equal(["alice", "bob", "gone fishing"], (await alice.NextAsync()).Parameters);
        Assert.Equal("are you there?", (await bob.NextAsync()).Last);
        await alice.SendAsync("NOTICE bob :no reply expected");
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("301"));

        await bob.SendAsync("AWAY");
        Assert.Equal("305", (await bob.ExpectAsync(l => l.Command.StartsWith('3'))).Command);
        await alice.SendAsync("PRIVMSG bob :back?");
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("301"));
    }

    [Fact]
    public async Task Away_notify_tells_channel_peers_who_asked_for_it()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "away-notify");
        await using var bob = await server.ConnectIrcAsync("bob");
        await using var carol = await server.ConnectIrcAsync("carol");
        await alice.JoinAsync("#dev");
        await bob.JoinAsync("#dev");
        await carol.JoinAsync("#dev");

        await bob.SendAsync("AWAY :lunch");
        Assert.Equal(":bob!~bobu@127.0.0.1 AWAY :lunch", (await alice.ExpectAsync("AWAY")).Raw);
        await bob.SendAsync("AWAY");
        Assert.Equal(":bob!~bobu@127.0.0.1 AWAY", (await alice.ExpectAsync("AWAY")).Raw);

        await bob.SyncAsync();
        Assert.DoesNotContain(await carol.SyncAsync(), l => l.Is("AWAY"));
    }

    [Fact]
    public async Task Someone_away_who_joins_is_followed_by_an_away_line_for_away_notify_members_only()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "away-notify", "server-time");
        await using var carol = await server.ConnectIrcAsync("carol");
        await using var bob = await server.ConnectIrcAsync("bob");
        await IrcClient.JoinAllAsync("#dev", alice, carol);
        await bob.SendAsync("AWAY :gone fishing");
        await bob.ExpectAsync("306");

        await bob.JoinAsync("#dev");

        var join = await alice.ExpectAsync("JOIN");
        Assert.Equal("bob", join.SourceNick);
        var away = await alice.NextAsync();
        Assert.Equal(":bob!~bobu@127.0.0.1 AWAY :gone fishing", away.Raw[(away.Raw.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(join.Tags["time"], away.Tags["time"]);
        Assert.Equal(["time"], away.Tags.Keys);
        Assert.Equal("JOIN", (await carol.ExpectAsync(l => l.SourceNick == "bob")).Command);
        Assert.DoesNotContain(await carol.SyncAsync(), l => l.Is("AWAY"));

        await bob.SendAsync("AWAY");
        await bob.ExpectAsync("305");
        await bob.SendAsync("PART #dev");
        await bob.ExpectAsync("PART");
        await alice.ExpectAsync("AWAY");
        await alice.ExpectAsync("PART");
        await bob.JoinAsync("#dev");
        Assert.Equal("JOIN", (await alice.ExpectAsync(l => l.SourceNick == "bob")).Command);
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("AWAY"));
    }

    [Fact]
    public async Task More_targets_than_targmax_get_407_and_nothing_is_sent_while_duplicates_count_once()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "message-tags");
        await using var bob = await server.ConnectIrcAsync("bob", "message-tags");
        await alice.SendAsync("VERSION");
        var isupport = string.Join(' ', (await alice.SyncAsync()).Where(l => l.Is("005")).SelectMany(l => l.Parameters));
        Assert.Contains("TARGMAX=PRIVMSG:4,NOTICE:4,TAGMSG:4,", isupport, StringComparison.Ordinal);

        await alice.SendAsync("PRIVMSG bob,n1,n2,n3,n4 :too many");
        var refused = Assert.Single(await alice.SyncAsync());
        Assert.Equal("407", refused.Command);
        Assert.Equal(["alice", "n4"], refused.Parameters.Take(2));
        await alice.SendAsync("NOTICE bob,n1,n2,n3,n4 :too many");
        await alice.SendAsync("@+typing=active TAGMSG bob,n1,n2,n3,n4");
        var replies = await alice.SyncAsync();
        Assert.Equal(["407"], replies.Select(l => l.Command));
        Assert.Empty(await bob.SyncAsync());

        await alice.SendAsync("PRIVMSG bob,BOB,n1,n2,n3 :four");
        Assert.Equal(["401", "401", "401"], (await alice.SyncAsync()).Select(l => l.Command));
        Assert.Equal("four", Assert.Single(await bob.SyncAsync()).Last);
    }
}
