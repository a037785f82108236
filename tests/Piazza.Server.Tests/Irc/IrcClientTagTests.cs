using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>
/// Client-only tags on PRIVMSG and NOTICE (https://ircv3.net/specs/extensions/message-tags#client-only-tags):
/// relayed to message-tags receivers (echo included), never to others; over 4094 bytes of tags is 417.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IrcClientTagTests
{
    [Fact]
    public async Task A_channel_privmsg_relays_its_client_tags_to_message_tags_members_and_the_echo_only()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "message-tags", "echo-message");
        await using var tagged = await server.ConnectIrcAsync("tagged", "message-tags");
        await using var timeOnly = await server.ConnectIrcAsync("timeonly", "server-time");
        await using var bare = await server.ConnectIrcAsync("bare");
        await using var carol = await server.ConnectAsync("carol");
        await IrcClient.JoinAllAsync("#dev", alice, tagged, timeOnly, bare);
        await carol.SendAsync("/join dev");
        await carol.ExpectAsync(l => l.StartsWith("* you are in dev", StringComparison.Ordinal));

        await alice.SendAsync("@+draft/react=\U0001F44D;+example=a\\sb\\:c;vendor=x PRIVMSG #dev :hi");

        var got = await tagged.ExpectAsync("PRIVMSG");
        Assert.Equal(("alice!~aliceu@127.0.0.1", "hi"), (got.Source, got.Last));
        Assert.Equal(["+draft/react", "+example", "time", "msgid"], got.Tags.Keys);
        Assert.Equal(("\U0001F44D", "a b;c"), (got.Tags["+draft/react"], got.Tags["+example"]));
        var echo = await alice.ExpectAsync("PRIVMSG");
        Assert.Equal(got.Tags, echo.Tags);
        Assert.Equal(["time"], (await timeOnly.ExpectAsync("PRIVMSG")).Tags.Keys);
        Assert.Empty((await bare.ExpectAsync("PRIVMSG")).Tags);
        Assert.Equal("[alice@dev] hi", await carol.NextChatAsync());
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task A_private_notice_and_privmsg_carry_reply_and_typing_tags_to_a_message_tags_nick()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "message-tags");
        await using var tagged = await server.ConnectIrcAsync("tagged", "message-tags");
        await using var bare = await server.ConnectIrcAsync("bare");

        await alice.SendAsync("@+draft/reply=abc123;+typing=done NOTICE tagged,bare :sure");
        await alice.SendAsync("@+draft/reply=abc123 PRIVMSG tagged :\u0001ACTION nods\u0001");

        var notice = await tagged.ExpectAsync("NOTICE");
        Assert.Equal(["tagged", "sure"], notice.Parameters);
        Assert.Equal(["+draft/reply", "+typing", "time", "msgid"], notice.Tags.Keys);
        Assert.Equal(("abc123", "done"), (notice.Tags["+draft/reply"], notice.Tags["+typing"]));
        var action = await tagged.ExpectAsync("PRIVMSG");
        Assert.Equal("\u0001ACTION nods\u0001", action.Last);
        Assert.Equal("abc123", action.Tags["+draft/reply"]);
        var plainNotice = await bare.ExpectAsync("NOTICE");
        Assert.Equal(["bare", "sure"], plainNotice.Parameters);
        Assert.Empty(plainNotice.Tags);
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task Tags_from_a_client_without_message_tags_are_not_relayed()
    {
        await using var server = await TestServer.StartAsync();
        await using var bare = await server.ConnectIrcAsync("bare");
        await using var tagged = await server.ConnectIrcAsync("tagged", "message-tags");
        await IrcClient.JoinAllAsync("#dev", bare, tagged);

        await bare.SendAsync("@+draft/react=x PRIVMSG #dev :hi");

        var got = await tagged.ExpectAsync("PRIVMSG");
        Assert.Equal(["time", "msgid"], got.Tags.Keys);
        Assert.Empty(await bare.SyncAsync());
    }

    [Fact]
    public async Task A_tag_section_of_4094_bytes_is_relayed_and_one_of_4095_gets_417_and_nothing()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "message-tags");
        await using var tagged = await server.ConnectIrcAsync("tagged", "message-tags");
        await IrcClient.JoinAllAsync("#dev", alice, tagged);

        // "+example=" is 9 bytes: 4085 more make the 4094 bytes of tag data the spec allows.
        var largest = new string('v', 4085);
        await alice.SendAsync("@+example=" + largest + "v PRIVMSG #dev :too much");
        var tooLong = await alice.ExpectAsync("417");
        Assert.Equal(["alice", "Input line was too long"], tooLong.Parameters);
        Assert.Empty(await alice.SyncAsync());
        Assert.DoesNotContain(await tagged.SyncAsync(), l => l.Is("PRIVMSG"));

        await alice.SendAsync("@+example=" + largest + " PRIVMSG #dev :just fits");
        var got = await tagged.ExpectAsync("PRIVMSG");
        Assert.Equal(("just fits", largest), (got.Last, got.Tags["+example"]));
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task A_multiline_batch_relays_the_client_tags_of_its_opening_line()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "message-tags", "batch", "draft/multiline");
        await using var batched = await server.ConnectIrcAsync("batched", "message-tags", "batch", "draft/multiline");
        await using var tagged = await server.ConnectIrcAsync("tagged", "message-tags");
        await IrcClient.JoinAllAsync("#dev", alice, batched, tagged);

        await alice.SendAsync("@+draft/reply=abc BATCH +m draft/multiline #dev");
        await alice.SendAsync("@batch=m PRIVMSG #dev :one");
        await alice.SendAsync("@batch=m PRIVMSG #dev :two");
        await alice.SendAsync("BATCH -m");

        var opening = await batched.ExpectAsync("BATCH");
        Assert.Equal("abc", opening.Tags["+draft/reply"]);
        var first = await tagged.ExpectAsync("PRIVMSG");
        var second = await tagged.ExpectAsync("PRIVMSG");
        Assert.Equal(("one", "abc"), (first.Last, first.Tags["+draft/reply"]));
        Assert.Equal(("two", "abc"), (second.Last, second.Tags["+draft/reply"]));
        Assert.Empty(await alice.SyncAsync());
    }
}
