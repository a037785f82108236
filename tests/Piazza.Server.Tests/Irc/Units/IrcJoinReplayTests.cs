using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core;
using Piazza.Core.History;
using Piazza.Server.History;
using Piazza.Server.Irc;
using Piazza.Server.Sessions;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>
/// The history a JOIN replays, and to whom: after the join's own replies, only to clients that
/// do not fetch history themselves. (Ordering around the join is HistoryReplay's, tested end to
/// end by JoinReplayTests.)
/// </summary>
public sealed class IrcJoinReplayTests
{
    private readonly ChatHub _hub = new(new ChatOptions(), TimeProvider.System, new InMemoryMessageStore());

    [Fact]
    public async Task A_joiner_is_shown_what_was_said_before_after_the_names()
    {
        var (context, channels) = Joiner();
        SaidBefore("hello");

        await channels.JoinAsync(RecordingContext.Parse("JOIN #den"));

        Assert.Equal(":bob!~bob@host PRIVMSG #den :hello", context.Replies[^1]);
        Assert.StartsWith(":ann!~ann@host JOIN #den", context.Replies[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_fetches_history_itself_is_replayed_nothing()
    {
        var caps = new IrcCapabilitySet(historyOn: true);
        Assert.True(caps.TryRequest("draft/chathistory"));
        var (context, channels) = Joiner(caps);
        SaidBefore("hello");

        await channels.JoinAsync(RecordingContext.Parse("JOIN #den"));

        Assert.DoesNotContain(context.Replies, line => line.Contains("hello", StringComparison.Ordinal));
    }

    private (RecordingContext Context, IrcChannelCommands Channels) Joiner(IrcCapabilitySet? caps = null)
    {
        var context = new RecordingContext(_hub, caps);
        context.Register("ann");
        var replay = new HistoryReplay(_hub.History, TimeProvider.System, _ => { }, (_, _) => { });
        var lines = new IrcHistoryLines(context);
        return (context, new IrcChannelCommands(context, new IrcChannelViews(context), new IrcJoinReplay(context, new HistoryOptions(), replay, lines), new IrcReadMarkerCommands(context, NullLogger.Instance)));
    }

    private void SaidBefore(string text)
    {
        var bob = new RecordingContext(_hub).Connect("bob");
        Assert.Equal(ChatError.None, _hub.Join(bob, "#den", null, out var room, out _, out _));
        Assert.Equal(ChatError.None, _hub.SendToRoom(bob, room!, text, MessageStyle.Text, out _));
    }
}
