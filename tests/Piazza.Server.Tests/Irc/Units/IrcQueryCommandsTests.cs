using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Irc;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>
/// The query commands against a hub and a recording context: a handler class needs no session,
/// connection or socket. (The wire forms are covered end to end by IrcQueryTests.)
/// </summary>
public sealed class IrcQueryCommandsTests
{
    private readonly ChatHub _hub = new(new ChatOptions(), TimeProvider.System);
    private readonly RecordingContext _context;
    private readonly IrcQueryCommands _queries;

    public IrcQueryCommandsTests()
    {
        _context = new RecordingContext(_hub);
        _queries = new IrcQueryCommands(_context);
    }

    [Fact]
    public void Who_on_a_channel_lists_its_members_with_their_prefix_then_ends()
    {
        var ann = Connect("ann");
        var bob = Connect("bob");
        _hub.Join(ann, "#den", null, out _, out _, out _);
        _hub.Join(bob, "#den", null, out _, out _, out _);

        _queries.Who(Parse("WHO #den"));

        Assert.Equal(
            [
                $"{IrcNumerics.RplWhoReply} #den ~ann host irc.test ann H@ 0 Ann",
                $"{IrcNumerics.RplWhoReply} #den ~bob host irc.test bob H 0 Bob",
                $"{IrcNumerics.RplEndOfWho} #den End of WHO list",
            ],
            _context.Replies);
    }

    [Fact]
    public void Whois_of_someone_absent_says_so_and_ends()
    {
        _queries.Whois(Parse("WHOIS nobody"));

        Assert.Equal([$"{IrcNumerics.ErrNoSuchNick} nobody No such nick/channel", $"{IrcNumerics.RplEndOfWhois} nobody End of /WHOIS list"], _context.Replies);
    }

    [Fact]
    public void Ison_and_userhost_name_only_those_present()
    {
        Connect("ann");
        var bob = Connect("bob");
        _hub.SetAway(bob, "lunch");

        _queries.IsOn(Parse("ISON ann carl bob"));
        _queries.UserHost(Parse("USERHOST carl bob ann"));

        Assert.Equal([$"{IrcNumerics.RplIsOn} ann bob", $"{IrcNumerics.RplUserHost} bob=-~bob@host ann=+~ann@host"], _context.Replies);
    }

    private Member Connect(string nick)
    {
        Assert.Equal(ChatError.None, _hub.Connect(new MemberInfo("127.0.0.1", "host", "~" + nick, char.ToUpperInvariant(nick[0]) + nick[1..], nick), new IgnoringSink(), joinDefaultRoom: false, out var member));
        return member!;
    }

    private static IrcMessage Parse(string line)
    {
        Assert.Equal(IrcParseStatus.Ok, IrcParser.TryParse(System.Text.Encoding.UTF8.GetBytes(line), out var message));
        return message!;
    }

    /// <summary>Records numerics as "code args…" (no server or nick: the session adds those).</summary>
    private sealed class RecordingContext(ChatHub hub) : IIrcCommandContext
    {
        public List<string> Replies { get; } = [];

        public ChatHub Hub => hub;

        public IrcOptions Irc { get; } = new() { ServerName = "irc.test" };

        public IrcCapabilitySet Caps { get; } = new(historyOn: false);

        public void Numeric(string code, params string[] args) => Replies.Add(code + " " + string.Join(' ', args));
    }

    private sealed class IgnoringSink : IMemberSink
    {
        public void Deliver(ChatEvent chatEvent)
        {
        }

        public void Close(string reason)
        {
        }
    }
}
