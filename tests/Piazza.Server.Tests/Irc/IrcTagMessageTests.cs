using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>TAGMSG: client-only tags relayed to message-tags clients only (https://ircv3.net/specs/extensions/message-tags).</summary>
[Trait("Category", "Slow")]
public sealed class IrcTagMessageTests
{
    [Fact]
    public async Task Tagmsg_to_a_channel_reaches_message_tags_members_with_client_tags_time_and_msgid_and_echoes_to_the_sender()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "message-tags", "echo-message");
        await using var tagged = await server.ConnectIrcAsync("tagged", "message-tags");
        await using var timeOnly = await server.ConnectIrcAsync("timeonly", "server-time");
        await using var bare = await server.ConnectIrcAsync("bare");
        await IrcClient.JoinAllAsync("#dev", alice, tagged, timeOnly, bare);

        await alice.SendAsync(@"@+typing=active;+draft/reply=a\sb\:c;vendor=x TAGMSG #dev");

        var got = await tagged.ExpectAsync("TAGMSG");
        Assert.Equal("alice!~aliceu@127.0.0.1", got.Source);
        Assert.Equal(["#dev"], got.Parameters);
        Assert.Equal(["+typing", "+draft/reply", "time", "msgid"], got.Tags.Keys);
        Assert.Equal("active", got.Tags["+typing"]);
        Assert.Equal("a b;c", got.Tags["+draft/reply"]);
        var echo = await alice.ExpectAsync("TAGMSG");
        Assert.Equal(got.Tags, echo.Tags);
        Assert.Equal(got.Source, echo.Source);
        Assert.DoesNotContain(await timeOnly.SyncAsync(), l => l.Is("TAGMSG"));
        Assert.DoesNotContain(await bare.SyncAsync(), l => l.Is("TAGMSG"));
    }

    [Fact]
    public async Task Tagmsg_to_a_nick_reaches_it_only_with_message_tags_and_an_unknown_nick_is_401()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "message-tags");
        await using var tagged = await server.ConnectIrcAsync("tagged", "message-tags");
        await using var bare = await server.ConnectIrcAsync("bare");

        await alice.SendAsync("@+draft/react=\U0001F44D TAGMSG tagged,bare,nobody");

        var got = await tagged.ExpectAsync("TAGMSG");
        Assert.Equal(["tagged"], got.Parameters);
        Assert.Equal(("alice", "\U0001F44D"), (got.SourceNick, got.Tags["+draft/react"]));
        Assert.True(got.Tags.ContainsKey("msgid"));
        var replies = await alice.SyncAsync();
        Assert.Equal(["alice", "nobody", "No such nick/channel"], Assert.Single(replies).Parameters);
        Assert.Equal("401", replies[0].Command);
        Assert.DoesNotContain(await bare.SyncAsync(), l => l.Is("TAGMSG"));
    }

    [Fact]
    public async Task Tagmsg_follows_the_rules_privmsg_does_no_outside_moderated_and_banned()
    {
        await using var server = await TestServer.StartAsync();
        await using var op = await server.ConnectIrcAsync("op", "message-tags");
        await using var carol = await server.ConnectIrcAsync("carol", "message-tags");
        await using var outsider = await server.ConnectIrcAsync("outsider", "message-tags");
        await IrcClient.JoinAllAsync("#dev", op, carol);

        await outsider.SendAsync("@+typing=active TAGMSG #dev");
        Assert.Equal(["outsider", "#dev", "Cannot send to channel"], (await outsider.ExpectAsync("404")).Parameters);

        await op.SendAsync("MODE #dev +b carol!*@*");
        await carol.ExpectAsync("MODE");
        await carol.SendAsync("@+typing=active TAGMSG #dev");
        await carol.ExpectAsync("404");

        await op.SendAsync("MODE #dev -b+m carol!*@*");
        await carol.ExpectAsync("MODE");
        await carol.SendAsync("@+typing=active TAGMSG #dev");
        await carol.ExpectAsync("404");

        await op.SendAsync("MODE #dev +v carol");
        await carol.ExpectAsync("MODE");
        await carol.SendAsync("@+typing=paused TAGMSG #dev");
        var got = await op.ExpectAsync("TAGMSG");
        Assert.Equal("paused", got.Tags["+typing"]);
        Assert.Equal("carol", got.SourceNick);
        Assert.DoesNotContain(op.Skipped, l => l.Is("TAGMSG"));
    }

    [Fact]
    public async Task Tagmsg_without_client_tags_or_from_a_client_without_message_tags_is_ignored()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "message-tags", "echo-message");
        await using var plain = await server.ConnectIrcAsync("plain");
        await using var tagged = await server.ConnectIrcAsync("tagged", "message-tags");
        await IrcClient.JoinAllAsync("#dev", alice, plain, tagged);

        await alice.SendAsync("@vendor=x TAGMSG #dev");
        await plain.SendAsync("@+typing=active TAGMSG #dev");

        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("TAGMSG"));
        Assert.Empty(await plain.SyncAsync());
        Assert.DoesNotContain(await tagged.SyncAsync(), l => l.Is("TAGMSG"));
    }

    [Fact]
    public async Task Plain_clients_are_not_shown_a_tagmsg()
    {
        await using var server = await TestServer.StartAsync();
        await using var bob = await server.ConnectAsync("bob");
        await using var dana = await server.ConnectIrcAsync("dana", "message-tags");
        await dana.JoinAsync("#lobby");
        await bob.ExpectAsync(l => l.Contains("dana joined lobby", StringComparison.Ordinal));

        await dana.SendAsync("@+typing=active TAGMSG #lobby");
        await dana.SendAsync("@+typing=active TAGMSG bob");
        await dana.SendAsync("PRIVMSG #lobby :after");

        Assert.Equal("[dana] after", await bob.NextAsync());
    }
}
