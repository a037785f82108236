using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

public class IrcCtcpTests
{
    [Theory]
    [InlineData("\u0001ACTION waves\u0001", "waves")]
    [InlineData("\u0001ACTION waves", "waves")]
    [InlineData("\u0001ACTION\u0001", "")]
    [InlineData("\u0001ACTION", "")]
    [InlineData("\u0001ACTION \u0001", "")]
    [InlineData("\u0001ACTION  two spaces \u0001", " two spaces ")]
    [InlineData("\u0001action waves\u0001", "waves")]
    [InlineData("\u0001ACTION waves at \u00e9t\u00e9 \U0001F44B\u0001", "waves at \u00e9t\u00e9 \U0001F44B")]
    [InlineData("\u0001ACTION a\u0001b\u0001", "a\u0001b")]
    public void Actions_are_read(string text, string action)
    {
        Assert.True(IrcCtcp.TryParseAction(text, out var parsed));
        Assert.Equal(action, parsed);
        Assert.False(IrcCtcp.IsCtcp(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ACTION waves")]
    [InlineData("\u0001")]
    [InlineData("\u0001ACTIO")]
    [InlineData("\u0001ACTIONS waves\u0001")]
    [InlineData("\u0001VERSION\u0001")]
    [InlineData(" \u0001ACTION waves\u0001")]
    public void Other_text_is_no_action(string text)
    {
        Assert.False(IrcCtcp.TryParseAction(text, out var action));
        Assert.Equal(string.Empty, action);
    }

    [Theory]
    [InlineData("\u0001VERSION\u0001")]
    [InlineData("\u0001PING 12345\u0001")]
    [InlineData("\u0001CLIENTINFO")]
    [InlineData("\u0001DCC SEND file 1 2 3\u0001")]
    [InlineData("\u0001")]
    [InlineData("\u0001ACTIONS\u0001")]
    public void Other_CTCPs_are_CTCPs(string text)
    {
        Assert.True(IrcCtcp.IsCtcp(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData(" \u0001VERSION\u0001")]
    [InlineData("\u0001ACTION waves\u0001")]
    public void Plain_text_and_actions_are_not_other_CTCPs(string text)
    {
        Assert.False(IrcCtcp.IsCtcp(text));
    }

    [Theory]
    [InlineData("waves", "\u0001ACTION waves\u0001")]
    [InlineData("", "\u0001ACTION \u0001")]
    public void Action_wraps_the_text(string action, string text)
    {
        Assert.Equal(text, IrcCtcp.Action(action));
        Assert.True(IrcCtcp.TryParseAction(text, out var parsed));
        Assert.Equal(action, parsed);
    }
}
