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
    public async Task Whois_of_someone_absent_says_so_and_ends()
    {
        await _queries.WhoisAsync(Parse("WHOIS nobody"));

        Assert.Equal([$"{IrcNumerics.ErrNoSuchNick} nobody No such nick/channel", $"{IrcNumerics.RplEndOfWhois} nobody End of /WHOIS list"], _context.Replies);
    }

    [Fact]
    public async Task Ison_and_userhost_name_only_those_present()
    {
        _context.Connect("ann");
        var bob = _context.Connect("bob");
        _hub.SetAway(bob, "lunch");

        await _queries.IsOnAsync(Parse("ISON ann carl bob"));
        await _queries.UserHostAsync(Parse("USERHOST carl bob ann"));

        Assert.Equal([$"{IrcNumerics.RplIsOn} ann bob", $"{IrcNumerics.RplUserHost} bob=-~bob@host ann=+~ann@host"], _context.Replies);
    }

    private static IrcMessage Parse(string line) => RecordingContext.Parse(line);
}
