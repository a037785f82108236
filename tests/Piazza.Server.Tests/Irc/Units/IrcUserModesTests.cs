using Piazza.Server.Irc;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>User modes as IRC shows them: the <c>iow</c> order and the change MODE reports. No sockets.</summary>
public sealed class IrcUserModesTests
{
    [Theory]
    [InlineData(false, false, false, "")]
    [InlineData(true, false, true, "iw")]
    [InlineData(true, true, true, "iow")]
    [InlineData(false, true, false, "o")]
    public void Modes_are_listed_in_iow_order(bool invisible, bool serverOperator, bool wallops, string shown)
    {
        Assert.Equal(shown, IrcUserModes.Describe(invisible, serverOperator, wallops));
    }

    [Theory]
    [InlineData("", "iw", "+iw")]
    [InlineData("iow", "w", "-io")]
    [InlineData("o", "iw", "+iw-o")]
    [InlineData("iw", "iw", "")]
    public void A_change_lists_what_was_added_then_what_was_removed(string before, string after, string change)
    {
        Assert.Equal(change, IrcUserModes.Change(before, after));
    }
}
