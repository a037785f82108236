using Piazza.Testing;

using static Piazza.Server.Tests.Interop.WeechatProcess;

namespace Piazza.Server.Tests.Interop;

/// <summary>
/// Interoperability with a real IRC client: WeeChat (Debian's weechat-headless) registers with
/// its own CAP negotiation, joins #lobby and chats with plain (nc-style) users both ways, then
/// quits. Each side's view is asserted: the plain clients' lines, and WeeChat's buffers.
/// </summary>
[Trait("Category", "Slow")]
public sealed class WeechatInteropTests
{
    [Fact]
    public async Task Weechat_registers_joins_the_lobby_chats_with_plain_users_both_ways_and_quits()
    {
        await using var server = await TestServer.StartAsync();
        await using var bob = await server.ConnectAsync("bob");
        await using var weechat = Start(server.IrcEndPoint, "wee");
        var log = weechat.Log;

        var caps = await log.ExpectAsync(l => l.Buffer == ServerBuffer && l.Message.StartsWith("irc: client capability, enabled:", StringComparison.Ordinal), "its capabilities");
        Assert.Contains("server-time", caps.Message, StringComparison.Ordinal);
        Assert.Contains("message-tags", caps.Message, StringComparison.Ordinal);
        await log.ExpectAsync(l => l.Buffer == ServerBuffer && l.Message.StartsWith("Welcome to the Piazza IRC network, wee!~wee@", StringComparison.Ordinal), "the welcome");
        await log.ExpectAsync(l => l.Buffer == LobbyBuffer && l.Prefix == "-->" && l.Message.StartsWith("wee ", StringComparison.Ordinal), "its join");
        Assert.Equal("* wee joined lobby", await bob.NextAsync());

        // Plain to WeeChat: chat, an action, an unnamed user's join, a private message, a nick change.
        await bob.SendAsync("hello from nc");
        await log.ExpectAsync(l => l.Buffer == LobbyBuffer && l.Nick == "bob" && l.Message == "hello from nc", "bob's line");
        await bob.SendAsync("/me waves from nc");
        await log.ExpectAsync(l => l.Buffer == LobbyBuffer && l.Prefix.Trim() == "*" && l.Message == "bob waves from nc", "bob's action");
        await using var guest = await server.ConnectAsync();
        var joined = await log.ExpectAsync(l => l.Buffer == LobbyBuffer && l.Prefix == "-->" && l.Message.StartsWith("Guest", StringComparison.Ordinal), "the guest's join");
        Assert.Matches(@"^Guest\d+ .*\(~plain@127\.0\.0\.1\) has joined #lobby$", joined.Message);
        await bob.SendAsync("/msg wee private from nc");
        await log.ExpectAsync(l => l.Buffer == "irc.piazza.bob" && l.Nick == "bob" && l.Message == "private from nc", "bob's private message");

        // WeeChat to plain: chat, an action, a private message, a topic.
        await weechat.TypeAsync(LobbyBuffer, "hello from weechat");
        Assert.Equal("[wee] hello from weechat", await bob.NextChatAsync());
        Assert.Equal("[wee] hello from weechat", await guest.NextChatAsync());
        await weechat.TypeAsync(LobbyBuffer, "/me waves from weechat");
        Assert.Equal("[wee] * waves from weechat", await bob.NextChatAsync());
        await weechat.TypeAsync(ServerBuffer, "/msg bob private from weechat");
        Assert.Equal("[wee (private)] private from weechat", await bob.NextChatAsync());
        await weechat.TypeAsync(LobbyBuffer, "/topic interop works");
        Assert.Equal("* wee set the topic of lobby: interop works", await bob.ExpectAsync(l => l.Contains("topic", StringComparison.Ordinal)));

        await bob.NickAsync("robert");
        await log.ExpectAsync(l => l.Buffer == LobbyBuffer && l.Message == "bob is now known as robert", "bob's nick change");

        Assert.Equal(0, await weechat.QuitAsync("bye from weechat"));
        Assert.Equal("* wee quit (Quit: bye from weechat)", await bob.ExpectAsync(l => l.Contains("quit", StringComparison.Ordinal)));
    }
}
