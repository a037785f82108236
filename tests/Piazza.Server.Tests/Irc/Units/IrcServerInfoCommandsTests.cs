using Piazza.Core;
using Piazza.Core.History;
using Piazza.Protocol.Irc;
using Piazza.Server.History;
using Piazza.Server.Irc;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>MOTD, VERSION and the ISUPPORT tokens they depend on, against a recording context.</summary>
public sealed class IrcServerInfoCommandsTests
{
    [Fact]
    public async Task Motd_lines_are_framed_and_a_missing_one_is_said()
    {
        var context = new RecordingContext(new ChatHub(new ChatOptions(), TimeProvider.System));
        var info = new IrcServerInfoCommands(context, new HistoryOptions());

        await info.MotdAsync();
        context.Irc.Motd = ["hello"];
        await info.MotdAsync();

        Assert.Equal(
            [
                $"{IrcNumerics.ErrNoMotd} MOTD File is missing",
                $"{IrcNumerics.RplMotdStart} - irc.test Message of the day - ",
                $"{IrcNumerics.RplMotd} - hello",
                $"{IrcNumerics.RplEndOfMotd} End of /MOTD command.",
            ],
            context.Replies);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Isupport_offers_chathistory_only_when_history_is_on(bool historyOn)
    {
        var hub = new ChatHub(new ChatOptions(), TimeProvider.System, historyOn ? new InMemoryMessageStore() : null);
        var context = new RecordingContext(hub);
        var info = new IrcServerInfoCommands(context, new HistoryOptions { MaxQuery = 123 });

        await info.VersionAsync();

        Assert.StartsWith(IrcNumerics.RplVersion + " piazza-", context.Replies[0], StringComparison.Ordinal);
        var tokens = context.Replies.Skip(1).SelectMany(line => line.Split(' ')).ToList();
        Assert.Contains($"TARGMAX=PRIVMSG:{IrcMessageCommands.MaxTargets},NOTICE:{IrcMessageCommands.MaxTargets},TAGMSG:{IrcMessageCommands.MaxTargets},JOIN:,PART:,KICK:,WHOIS:1,NAMES:", tokens);
        Assert.Equal(historyOn, tokens.Contains("CHATHISTORY=123"));
    }
}
