using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Irc;

using static Piazza.Server.Tests.Irc.Units.RecordingContext;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>WHO and WHOX against a hub and a recording context. (End to end: IrcWhoTests.)</summary>
public sealed class IrcWhoCommandsTests
{
    private readonly ChatHub _hub = new(new ChatOptions(), TimeProvider.System);
    private readonly RecordingContext _context;
    private readonly IrcWhoCommands _who;

    public IrcWhoCommandsTests()
    {
        _context = new RecordingContext(_hub);
        _who = new IrcWhoCommands(_context);
    }

    [Fact]
    public async Task Who_on_a_channel_lists_its_members_with_their_prefix_then_ends()
    {
        var ann = _context.Register("ann");
        var bob = _context.Connect("bob");
        _hub.Join(ann, "#den", null, out _, out _, out _);
        _hub.Join(bob, "#den", null, out _, out _, out _);

        await _who.WhoAsync(Parse("WHO #den"));

        Assert.Equal(
            [
                $"{IrcNumerics.RplWhoReply} #den ~ann host irc.test ann H@ 0 Ann",
                $"{IrcNumerics.RplWhoReply} #den ~bob host irc.test bob H 0 Bob",
                $"{IrcNumerics.RplEndOfWho} #den End of WHO list",
            ],
            _context.Replies);
    }

    [Fact]
    public async Task Who_flags_a_server_operator_with_a_star_between_here_or_gone_and_the_prefix()
    {
        var ann = _context.Register("ann");
        var bob = _context.Connect("bob");
        _hub.Join(ann, "#den", null, out _, out _, out _);
        _hub.Join(bob, "#den", null, out _, out _, out _);
        Assert.True(_hub.MakeServerOperator(ann, "root"));
        Assert.True(_hub.MakeServerOperator(bob, "root"));
        _hub.SetAway(bob, "out");

        await _who.WhoAsync(Parse("WHO #den"));

        Assert.Equal(
            [
                $"{IrcNumerics.RplWhoReply} #den ~ann host irc.test ann H*@ 0 Ann",
                $"{IrcNumerics.RplWhoReply} #den ~bob host irc.test bob G* 0 Bob",
                $"{IrcNumerics.RplEndOfWho} #den End of WHO list",
            ],
            _context.Replies);
    }

    [Theory]
    [InlineData("", false, null, "0")]
    [InlineData("o", true, null, "0")]
    [InlineData("%tn,42", false, "tn", "42")]
    [InlineData("o%rnt,7", true, "rnt", "7")]
    [InlineData("%nzzn,1234", false, "n", "0")]
    [InlineData("%n,abc", false, "n", "0")]
    [InlineData("%", false, "", "0")]
    [InlineData("%,", false, "", "0")]
    public void Whox_options_are_read_without_throwing(string parameter, bool operatorsOnly, string? fields, string token)
    {
        Assert.Equal(new IrcWhoOptions(operatorsOnly, fields, token), IrcWhoOptions.Parse(parameter));
    }
}
