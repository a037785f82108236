using Piazza.Server.Irc;
using Piazza.Server.Plain;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>IRC's HELP topics: one per command, and the plain <c>/help</c>'s text for the commands both have. No sockets.</summary>
public sealed class IrcHelpTableTests
{
    [Fact]
    public void Every_irc_command_has_a_help_topic()
    {
        var missing = IrcCommandTable.Names.Where(name => IrcHelpTable.Find(name) is null).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void A_command_both_protocols_have_says_what_the_plain_help_says()
    {
        foreach (var topic in IrcHelpTable.All.Where(t => t.Plain is not null))
        {
            var plain = PlainCommandTable.All.Single(e => e.Kind == topic.Plain);
            Assert.Null(topic.Text);
            Assert.Equal([plain.Description, .. plain.More], topic.Lines.Take(1 + plain.More.Length));
            Assert.Contains(PlainCommandTable.HelpLines, l => l.Contains(plain.Description, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Topics_are_found_ignoring_case_and_each_has_a_syntax_and_text()
    {
        Assert.Equal("PRIVMSG", IrcHelpTable.Find("privmsg")?.Name);
        Assert.Null(IrcHelpTable.Find("nosuch"));
        Assert.All(IrcHelpTable.All, t => Assert.False(string.IsNullOrWhiteSpace(t.Syntax)));
        Assert.All(IrcHelpTable.All, t => Assert.False(string.IsNullOrWhiteSpace(t.Lines[0])));
        Assert.Equal(IrcHelpTable.All.Count, IrcHelpTable.All.Select(t => t.Name).Distinct().Count());
    }
}
