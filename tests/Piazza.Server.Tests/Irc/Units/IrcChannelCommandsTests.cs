using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.History;
using Piazza.Server.Irc;
using Piazza.Server.Sessions;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>
/// JOIN, PART, TOPIC, KICK (and NAMES, which JOIN shows) against a hub and a recording context,
/// history off. (The wire forms are covered end to end by IrcChannelTests.)
/// </summary>
public sealed class IrcChannelCommandsTests
{
    private readonly ChatHub _hub = new(new ChatOptions { MaxTopicLength = 10 }, TimeProvider.System);
    private readonly RecordingContext _context;
    private readonly IrcChannelViews _views;
    private readonly IrcChannelCommands _channels;

    public IrcChannelCommandsTests()
    {
        _context = new RecordingContext(_hub);
        _context.Register("ann");
        _views = new IrcChannelViews(_context);
        var noReplay = new HistoryReplay(null, TimeProvider.System, _ => { }, (_, _) => { });
        _channels = new IrcChannelCommands(_context, _views, new IrcJoinReplay(_context, new HistoryOptions(), noReplay, new IrcHistoryLines(_context)), new IrcReadMarkerCommands(_context, NullLogger.Instance));
    }

    [Fact]
    public async Task Join_echoes_the_join_then_the_names_and_refuses_a_name_without_a_hash()
    {
        await _channels.JoinAsync(RecordingContext.Parse("JOIN den,#den"));

        Assert.Equal(
            [
                $"{IrcNumerics.ErrNoSuchChannel} den No such channel",
                ":ann!~ann@host JOIN #den",
                $"{IrcNumerics.RplNamReply} = #den @ann",
                $"{IrcNumerics.RplEndOfNames} #den End of /NAMES list",
            ],
            _context.Replies);
        Assert.True(_hub.FindRoom("#den")!.Contains(_context.Member));
    }

    [Fact]
    public async Task Part_of_a_channel_one_is_not_in_says_so_and_of_one_one_is_in_echoes()
    {
        var bob = _context.Connect("bob");
        _hub.Join(bob, "#den", null, out _, out _, out _);

        await _channels.PartAsync(RecordingContext.Parse("PART #den"));
        await _channels.JoinAsync(RecordingContext.Parse("JOIN #den"));
        _context.Replies.Clear();
        await _channels.PartAsync(RecordingContext.Parse("PART #den :bye"));

        Assert.Equal([":ann!~ann@host PART #den :bye"], _context.Replies);
        Assert.False(_hub.FindRoom("#den")!.Contains(_context.Member));
    }

    [Fact]
    public async Task Only_an_operator_kicks_and_the_target_stays_when_refused()
    {
        var bob = _context.Connect("bob");
        _hub.Join(bob, "#den", null, out var room, out _, out _);
        await _channels.JoinAsync(RecordingContext.Parse("JOIN #den"));
        _context.Replies.Clear();

        await _channels.KickAsync(RecordingContext.Parse("KICK #den bob,carl :out"));

        Assert.Equal(
            [
                $"{IrcNumerics.ErrChanOPrivsNeeded} #den You're not channel operator",
                $"{IrcNumerics.ErrChanOPrivsNeeded} #den You're not channel operator",
            ],
            _context.Replies);
        Assert.True(room!.Contains(bob));
    }

    [Fact]
    public async Task A_topic_is_shown_set_and_refused_when_too_long()
    {
        await _channels.JoinAsync(RecordingContext.Parse("JOIN #den"));
        _context.Replies.Clear();

        await _channels.TopicAsync(RecordingContext.Parse("TOPIC #den"));
        await _channels.TopicAsync(RecordingContext.Parse("TOPIC #den :short"));
        await _channels.TopicAsync(RecordingContext.Parse("TOPIC #den :far too long a topic"));

        Assert.Equal(
            [
                $"{IrcNumerics.RplNoTopic} #den No topic is set",
                ":ann!~ann@host TOPIC #den :short",
                "FAIL TOPIC TOO_LONG A topic has at most 10 bytes",
            ],
            _context.Replies);
        Assert.Equal("short", _hub.FindRoom("#den")!.Topic!.Text);
    }

    [Fact]
    public async Task Names_without_a_channel_ends_at_once_and_names_an_absent_channel_ends_alone()
    {
        await _views.NamesAsync(RecordingContext.Parse("NAMES"));
        await _views.NamesAsync(RecordingContext.Parse("NAMES #nowhere"));

        Assert.Equal([$"{IrcNumerics.RplEndOfNames} * End of /NAMES list", $"{IrcNumerics.RplEndOfNames} #nowhere End of /NAMES list"], _context.Replies);
    }
}
