using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>Bot mode (https://ircv3.net/specs/extensions/bot-mode): +B, BOT=B, the bot tag, 335, WHO's B flag.</summary>
[Trait("Category", "Slow")]
public sealed class IrcBotModeTests
{
    [Fact]
    public async Task Isupport_says_bot_is_b_and_myinfo_lists_it()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        var burst = await client.RegisterAsync("alice");

        Assert.Contains(burst, l => l.Is("005") && l.Parameters.Contains("BOT=B"));
        Assert.Contains("B", burst.Single(l => l.Is("004"))[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mode_plus_b_is_echoed_shown_in_221_and_minus_b_takes_it_back()
    {
        await using var server = await TestServer.StartAsync();
        await using var bot = await server.ConnectIrcAsync("botnick");

        await bot.SendAsync("MODE botnick +B");
        Assert.Equal(":botnick MODE botnick +B", (await bot.ExpectAsync("MODE")).Raw);
        await bot.SendAsync("MODE botnick");
        Assert.Equal(["botnick", "+B"], (await bot.ExpectAsync("221")).Parameters);
        await bot.SendAsync("MODE botnick -B");
        Assert.Equal(":botnick MODE botnick -B", (await bot.ExpectAsync("MODE")).Raw);
        await bot.SendAsync("MODE botnick +B");
        await bot.ExpectAsync("MODE");
        Assert.Empty(await bot.SyncAsync());
    }

    [Fact]
    public async Task Whois_of_a_bot_has_335_and_of_others_none()
    {
        await using var server = await TestServer.StartAsync();
        await using var bot = await server.ConnectIrcAsync("botnick");
        await using var user = await server.ConnectIrcAsync("usernick");
        await bot.SendAsync("MODE botnick +B");
        await bot.ExpectAsync("MODE");

        await user.SendAsync("WHOIS botnick");
        var whois = await user.ReadUntilAsync(l => l.Is("318"));
        Assert.Equal(["usernick", "botnick", "is a bot on Piazza"], Assert.Single(whois, l => l.Is("335")).Parameters);

        await user.SendAsync("WHOIS usernick");
        Assert.DoesNotContain(await user.ReadUntilAsync(l => l.Is("318")), l => l.Is("335") || l.IsError);
    }

    [Fact]
    public async Task Who_flags_end_with_b_for_a_bot_after_the_channel_prefix()
    {
        await using var server = await TestServer.StartAsync();
        var (bot, user) = await server.IrcPairInAsync("#chan", "botnick", "usernick");
        await bot.SendAsync("MODE botnick +B");
        await bot.ExpectAsync("MODE");

        await user.SendAsync("WHO #chan");
        var who = await user.ReadUntilAsync(l => l.Is("315"));

        Assert.Equal("H@B", who.Single(l => l.Is("352") && l[5] == "botnick")[6]);
        Assert.Equal("H", who.Single(l => l.Is("352") && l[5] == "usernick")[6]);
        await user.SendAsync("WHO botnick");
        Assert.Equal("HB", (await user.ExpectAsync("352"))[6]);
        await user.ExpectAsync("315");

        // WHOX's f field is the same flags.
        await user.SendAsync("WHO #chan %tnf,42");
        var whox = await user.ReadUntilAsync(l => l.Is("315"));
        Assert.Equal(["usernick", "42", "botnick", "H@B"], whox.Single(l => l.Is("354") && l[2] == "botnick").Parameters);
        Assert.Equal(["usernick", "42", "usernick", "H"], whox.Single(l => l.Is("354") && l[2] == "usernick").Parameters);
        Assert.DoesNotContain(whox, l => l.IsError);
    }

    [Fact]
    public async Task A_bots_messages_carry_the_bot_tag_to_message_tags_clients_only_echo_included()
    {
        await using var server = await TestServer.StartAsync();
        await using var bot = await server.ConnectIrcAsync("botnick", "message-tags", "echo-message");
        await using var tagged = await server.ConnectIrcAsync("tagged", "message-tags");
        await using var timeOnly = await server.ConnectIrcAsync("timeonly", "server-time");
        await using var bare = await server.ConnectIrcAsync("bare");
        await IrcClient.JoinAllAsync("#chan", bot, tagged, timeOnly, bare);
        await bot.SendAsync("MODE botnick +B");
        await bot.ExpectAsync("MODE");

        await bot.SendAsync("PRIVMSG #chan :beep boop");
        await bot.SendAsync("PRIVMSG tagged :beep");

        var channel = await tagged.ExpectAsync("PRIVMSG");
        Assert.Equal(("#chan", string.Empty), (channel[0], channel.Tags["bot"]));
        Assert.Equal(["tagged", "beep"], (await tagged.ExpectAsync("PRIVMSG")).Parameters);
        Assert.True((await bot.ExpectAsync("PRIVMSG")).Tags.ContainsKey("bot"));
        var timed = await timeOnly.ExpectAsync("PRIVMSG");
        Assert.False(timed.Tags.ContainsKey("bot"));
        Assert.Empty((await bare.ExpectAsync("PRIVMSG")).Tags);

        // Not a bot any more: no tag.
        await bot.SendAsync("MODE botnick -B");
        await bot.ExpectAsync("MODE");
        await bot.SendAsync("PRIVMSG #chan :human");
        Assert.False((await tagged.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == "human")).Tags.ContainsKey("bot"));
    }
}
