using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Irc;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>PRIVMSG, NOTICE and TAGMSG against a hub and a recording context. (End to end: IrcMessageTests, IrcTagMessageTests.)</summary>
public sealed class IrcMessageCommandsTests
{
    private readonly ChatHub _hub = new(new ChatOptions(), TimeProvider.System);
    private readonly RecordingContext _context;
    private readonly IrcMessageCommands _messages;
    private readonly RecordingSink _bob = new();

    public IrcMessageCommandsTests()
    {
        _context = new RecordingContext(_hub);
        _context.Register("ann");
        _context.Connect("bob", _bob);
        _messages = new IrcMessageCommands(_context, new IrcChanServCommands(_context));
    }

    [Fact]
    public async Task A_private_message_reaches_its_target_and_says_when_it_is_away()
    {
        _hub.SetAway(_hub.FindNick("bob")!, "lunch");

        await _messages.MessageAsync(RecordingContext.Parse("PRIVMSG bob :hi"), notice: false);

        Assert.Equal("hi", Assert.Single(_bob.Delivered, e => e.Kind == ChatEventKind.Private).Text);
        Assert.Equal([$"{IrcNumerics.RplAway} bob lunch"], _context.Replies);
    }

    [Fact]
    public async Task More_targets_than_targmax_send_nothing_at_all()
    {
        await _messages.MessageAsync(RecordingContext.Parse("PRIVMSG bob,a,b,c,d :hi"), notice: false);

        Assert.Equal([$"{IrcNumerics.ErrTooManyTargets} d Too many targets, at most {IrcMessageCommands.MaxTargets}: nothing was sent"], _context.Replies);
        Assert.Empty(_bob.Delivered);
    }

    [Fact]
    public async Task A_notice_is_never_answered_with_an_error_where_a_privmsg_is()
    {
        await _messages.MessageAsync(RecordingContext.Parse("NOTICE nobody :hi"), notice: true);
        await _messages.MessageAsync(RecordingContext.Parse("NOTICE #nowhere :hi"), notice: true);
        Assert.Empty(_context.Replies);

        await _messages.MessageAsync(RecordingContext.Parse("PRIVMSG nobody :hi"), notice: false);
        Assert.Equal([$"{IrcNumerics.ErrNoSuchNick} nobody No such nick/channel"], _context.Replies);
    }

    [Fact]
    public async Task Tags_from_a_client_without_message_tags_are_ignored()
    {
        await _messages.TagMessageAsync(RecordingContext.Parse("@+typing=active TAGMSG bob"));

        Assert.Empty(_context.Replies);
        Assert.Empty(_bob.Delivered);
    }

    [Fact]
    public async Task Tags_from_a_client_with_message_tags_reach_the_target()
    {
        Assert.True(_context.Caps.TryRequest("message-tags"));

        await _messages.TagMessageAsync(RecordingContext.Parse("@+typing=active TAGMSG bob"));

        Assert.Single(_bob.Delivered, e => e.Kind == ChatEventKind.TagMessage);
        Assert.Empty(_context.Replies);
    }
}
