using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

public class IrcFormattingTests
{
    [Theory]
    [InlineData("\u0002bold\u0002", "bold")]
    [InlineData("\u001Ditalic\u001D", "italic")]
    [InlineData("\u001Funderline\u001F", "underline")]
    [InlineData("\u001Estrike\u001E", "strike")]
    [InlineData("\u0011mono\u0011", "mono")]
    [InlineData("\u0016reverse\u0016", "reverse")]
    [InlineData("a\u000Freset", "areset")]
    public void Toggles_are_removed(string text, string plain)
    {
        Assert.Equal(plain, IrcFormatting.StripForPlainText(text));
    }

    [Theory]
    [InlineData("\u000304,12text", "text")]
    [InlineData("\u00034,2text", "text")]
    [InlineData("\u00034text", "text")]
    [InlineData("\u000304text", "text")]
    [InlineData("\u0003", "")]
    [InlineData("\u0003text", "text")]
    [InlineData("a\u0003", "a")]
    [InlineData("\u0003,12text", ",12text")] // no foreground: the comma is text
    [InlineData("\u000304,text", ",text")] // no background: the comma is text
    [InlineData("\u000304,", ",")]
    [InlineData("\u0003123", "3")] // two digits are always read
    [InlineData("\u000312,345", "5")]
    [InlineData("\u000399,99x", "x")]
    [InlineData("I love \u00033IRC! \u0003It is the \u00037best protocol ever!", "I love IRC! It is the best protocol ever!")]
    [InlineData("This is a \u001D\u000313,9cool \u0003message", "This is a cool message")]
    [InlineData("IRC \u0002is \u00034,12so \u0016great\u000F!", "IRC is so great!")]
    [InlineData("Rules: Don't spam 5\u000313,8,6\u0003,7,8, and especially not \u00029\u0002\u001D!", "Rules: Don't spam 5,6,7,8, and especially not 9!")]
    public void Colours_are_removed_with_their_digits(string text, string plain)
    {
        Assert.Equal(plain, IrcFormatting.StripForPlainText(text));
    }

    [Theory]
    [InlineData("\u0004FF00FFtext", "text")]
    [InlineData("\u0004ff00ff,00FF00text", "text")]
    [InlineData("\u0004FF00FF,text", ",text")]
    [InlineData("\u0004FF00FF,00FF0", ",00FF0")]
    [InlineData("\u0004FFF", "FFF")] // not six hex digits: the code alone
    [InlineData("\u0004", "")]
    [InlineData("\u0004123456789", "789")]
    public void Hex_colours_are_removed(string text, string plain)
    {
        Assert.Equal(plain, IrcFormatting.StripForPlainText(text));
    }

    [Theory]
    [InlineData("\u001B[31mred\u001B[0m", "[31mred[0m")] // ESC
    [InlineData("a\0b", "ab")]
    [InlineData("a\rb\nc", "abc")]
    [InlineData("bell\u0007", "bell")]
    [InlineData("del\u007F", "del")]
    [InlineData("c1\u0085\u009B\u0080\u009F", "c1")]
    [InlineData("ctcp \u0001ACTION\u0001", "ctcp ACTION")]
    [InlineData("tab\tkept", "tab\tkept")]
    [InlineData("\u00a0\u00e9\u65e5\U0001F600", "\u00a0\u00e9\u65e5\U0001F600")] // not controls
    public void Remaining_controls_are_removed_but_tab(string text, string plain)
    {
        Assert.Equal(plain, IrcFormatting.StripForPlainText(text));
    }

    [Fact]
    public void Text_without_controls_is_returned_as_is()
    {
        const string text = "plain text, \u00e9t\u00e9 \U0001F600";

        Assert.Same(text, IrcFormatting.StripForPlainText(text));
    }

    [Fact]
    public void No_control_character_survives()
    {
        var random = new Random(51);
        for (var i = 0; i < 2_000; i++)
        {
            var text = IrcTestData.Text(random, 40) + new string((char)random.Next(0xA0), random.Next(3));

            var plain = IrcFormatting.StripForPlainText(text);

            Assert.DoesNotContain(plain, static c => (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F));
        }
    }
}
