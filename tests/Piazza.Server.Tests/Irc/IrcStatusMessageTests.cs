using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>STATUSMSG (https://modern.ircdocs.horse/#statusmsg-parameter): <c>PRIVMSG @#chan</c> to operators, <c>+#chan</c> to voiced and operators.</summary>
[Trait("Category", "Slow")]
public sealed class IrcStatusMessageTests
{
    [Fact]
    public async Task A_message_to_at_channel_reaches_only_the_operators()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob, carol) = await server.IrcTrioInAsync("#dev", "alice", "bob", "carol");
        await alice.SendAsync("MODE #dev +v bob");
        await bob.ExpectAsync("MODE");
        await carol.ExpectAsync("MODE");

        await carol.SendAsync("PRIVMSG @#dev :ops only");
        var heard = await alice.ExpectAsync("PRIVMSG");

        Assert.Equal(":carol!~carolu@127.0.0.1 PRIVMSG @#dev :ops only", heard.Raw);
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.Is("PRIVMSG"));
        Assert.Empty(await carol.SyncAsync());
    }

    [Fact]
    public async Task A_message_to_plus_channel_reaches_voiced_members_and_operators()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob, carol) = await server.IrcTrioInAsync("#dev", "alice", "bob", "carol");
        await using var dave = await server.ConnectIrcAsync("dave");
        await dave.JoinAsync("#dev");
        await alice.SendAsync("MODE #dev +v bob");
        await bob.ExpectAsync("MODE");
        await dave.ExpectAsync("MODE");

        await dave.SendAsync("NOTICE +#dev :voices too");
        var toOperator = await alice.ExpectAsync("NOTICE");
        var toVoiced = await bob.ExpectAsync("NOTICE");

        Assert.Equal(["+#dev", "voices too"], toOperator.Parameters);
        Assert.Equal(["+#dev", "voices too"], toVoiced.Parameters);
        Assert.DoesNotContain(await carol.SyncAsync(), l => l.Is("NOTICE"));
        Assert.Empty(await dave.SyncAsync());
    }

    [Fact]
    public async Task The_sender_with_echo_message_sees_the_status_target()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "echo-message");
        await alice.JoinAsync("#dev");

        await alice.SendAsync("PRIVMSG @#dev :note to self");
        var echoed = await alice.ExpectAsync("PRIVMSG");

        Assert.Equal(["@#dev", "note to self"], echoed.Parameters);
    }

    [Fact]
    public async Task Client_tags_go_to_the_status_audience_on_tagmsg_and_privmsg()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "message-tags");
        await using var bob = await server.ConnectIrcAsync("bob", "message-tags");
        await using var carol = await server.ConnectIrcAsync("carol", "message-tags", "echo-message");
        await IrcClient.JoinAllAsync("#dev", alice, bob, carol);

        await carol.SendAsync("@+typing=active TAGMSG @#dev");
        var typing = await alice.ExpectAsync("TAGMSG");
        var echoed = await carol.ExpectAsync("TAGMSG");
        await carol.SendAsync("@+draft/react=yes PRIVMSG @#dev :ops only");
        var said = await alice.ExpectAsync("PRIVMSG");

        Assert.Equal(["@#dev"], typing.Parameters);
        Assert.Equal("active", typing.Tags["+typing"]);
        Assert.Equal(["@#dev"], echoed.Parameters);
        Assert.Equal(["@#dev", "ops only"], said.Parameters);
        Assert.Equal("yes", said.Tags["+draft/react"]);
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.Is("TAGMSG") || l.Is("PRIVMSG"));
        Assert.DoesNotContain(await carol.SyncAsync(), l => !l.Is("PRIVMSG"));
    }

    [Fact]
    public async Task Errors_name_the_target_and_the_room_rules_still_apply()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await using var outsider = await server.ConnectIrcAsync("outsider");

        await bob.SendAsync("PRIVMSG @#nowhere :hello");
        var noSuch = await bob.NextAsync();
        await bob.SendAsync("PRIVMSG @bob :hello");
        var notChannel = await bob.NextAsync();
        await outsider.SendAsync("PRIVMSG @#dev :let me in");
        var refused = await outsider.NextAsync();
        await outsider.SendAsync("NOTICE +#dev :quietly refused");
        var quiet = await outsider.SyncAsync();

        Assert.Equal(["401", "bob", "@#nowhere"], [noSuch.Command, .. noSuch.Parameters.Take(2)]);
        Assert.Equal(["401", "bob", "@bob"], [notChannel.Command, .. notChannel.Parameters.Take(2)]);
        Assert.Equal(["404", "outsider", "#dev"], [refused.Command, .. refused.Parameters.Take(2)]);
        Assert.Empty(quiet);
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("PRIVMSG") || l.Is("NOTICE"));
    }

    [Fact]
    public async Task A_plain_operator_is_told_whom_a_status_message_was_for()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await alice.SendAsync("/join dev");
        await alice.ExpectAsync(l => l.Contains("you are in dev", StringComparison.Ordinal));
        await bob.JoinAsync("#dev");

        await bob.SendAsync("PRIVMSG @#dev :psst");

        Assert.Equal("[bob@dev] (to operators) psst", await alice.ExpectAsync(l => l.Contains("psst", StringComparison.Ordinal)));
        Assert.Empty(await bob.SyncAsync());
    }

    [Fact]
    public async Task Isupport_advertises_statusmsg()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("VERSION");

        var tokens = (await alice.SyncAsync()).Where(l => l.Is("005")).SelectMany(l => l.Parameters).ToList();

        Assert.Contains("STATUSMSG=@+", tokens);
    }
}
