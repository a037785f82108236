using Piazza.Core;
using Piazza.Core.History;
using Piazza.Server.History;
using Piazza.Server.Irc;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>CHATHISTORY against a hub with history in memory and a recording context. (End to end: IrcHistoryTests.)</summary>
public sealed class IrcHistoryCommandsTests
{
    private readonly ChatHub _hub = new(new ChatOptions(), TimeProvider.System, new InMemoryMessageStore());
    private readonly RecordingContext _context;
    private readonly IrcHistoryCommands _history;

    public IrcHistoryCommandsTests()
    {
        var caps = new IrcCapabilitySet(historyOn: true);
        Assert.True(caps.TryRequest("batch draft/chathistory"));
        _context = new RecordingContext(_hub, caps);
        _history = new IrcHistoryCommands(_context, new HistoryOptions { MaxQuery = 2 }, new IrcHistoryLines(_context));
        var ann = _context.Register("ann");
        Assert.Equal(ChatError.None, _hub.Join(ann, "#den", null, out var room, out _, out _));
        foreach (var text in new[] { "one", "two", "three" })
        {
            Assert.Equal(ChatError.None, _hub.SendToRoom(ann, room!, text, MessageStyle.Text, out _));
        }
    }

    [Fact]
    public async Task Latest_comes_oldest_first_in_a_batch_and_no_more_than_the_server_allows()
    {
        await _history.ChatHistoryAsync(RecordingContext.Parse("CHATHISTORY LATEST #den * 50"));

        Assert.Equal(
            [
                "BATCH +H1 chathistory #den",
                "@batch=H1 :ann!~ann@host PRIVMSG #den :two",
                "@batch=H1 :ann!~ann@host PRIVMSG #den :three",
                "BATCH -H1",
            ],
            _context.Replies);
    }

    [Fact]
    public async Task Refusals_name_the_subcommand_and_the_target()
    {
        await _history.ChatHistoryAsync(RecordingContext.Parse("CHATHISTORY LATEST #den * 0"));
        await _history.ChatHistoryAsync(RecordingContext.Parse("CHATHISTORY LATEST #elsewhere * 5"));
        await _history.ChatHistoryAsync(RecordingContext.Parse("CHATHISTORY BEFORE #den msgid=nope 5"));
        await _history.ChatHistoryAsync(RecordingContext.Parse("CHATHISTORY BEFORE #den sometime 5"));

        Assert.Equal(
            [
                "FAIL CHATHISTORY INVALID_PARAMS LATEST The limit must be a positive number",
                "FAIL CHATHISTORY INVALID_TARGET LATEST #elsewhere You cannot read the history of #elsewhere",
                "FAIL CHATHISTORY INVALID_MSGREFTOKEN BEFORE #den #den has no message nope",
                "FAIL CHATHISTORY INVALID_PARAMS BEFORE Bad CHATHISTORY BEFORE parameters",
            ],
            _context.Replies);
    }

    [Fact]
    public async Task With_history_off_every_query_is_refused()
    {
        var hub = new ChatHub(new ChatOptions(), TimeProvider.System);
        var context = new RecordingContext(hub);
        context.Register("ann");
        var history = new IrcHistoryCommands(context, new HistoryOptions(), new IrcHistoryLines(context));

        await history.ChatHistoryAsync(RecordingContext.Parse("CHATHISTORY LATEST #den * 5"));

        Assert.Equal(["FAIL CHATHISTORY MESSAGE_ERROR LATEST #den History is off on this server"], context.Replies);
    }
}
