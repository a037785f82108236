using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

public class IrcTagEscapingTests
{
    /// <summary>The table of https://ircv3.net/specs/extensions/message-tags#escaping-values, and its examples.</summary>
    [Theory]
    [InlineData(";", @"\:")]
    [InlineData(" ", @"\s")]
    [InlineData("\\", @"\\")]
    [InlineData("\r", @"\r")]
    [InlineData("\n", @"\n")]
    [InlineData("", "")]
    [InlineData("plain-value_1.2,3", "plain-value_1.2,3")]
    [InlineData("a;b c\\d\r\ne", @"a\:b\sc\\d\r\ne")]
    [InlineData("\\\\;\\s \r\n", @"\\\\\:\\s\s\r\n")]
    [InlineData("b\\and\nk", @"b\\and\nk")]
    [InlineData("\u00e9t\u00e9 \U0001F600", "\u00e9t\u00e9\\s\U0001F600")]
    public void Escapes_as_the_spec_says_and_back(string value, string escaped)
    {
        Assert.Equal(escaped, IrcTagEscaping.Escape(value));
        Assert.Equal(value, IrcTagEscaping.Unescape(escaped));
    }

    [Theory]
    [InlineData(@"value\1", "value1")] // an unknown escape drops the backslash
    [InlineData(@"\b", "b")]
    [InlineData(@"value1\", "value1")] // a lone backslash at the end is dropped
    [InlineData(@"\", "")]
    [InlineData(@"value\\ntest", "value\\ntest")] // read one character at a time
    [InlineData(@"\\\", "\\")]
    [InlineData(@"\S\R\N", "SRN")] // escapes are case-sensitive
    public void Unescape_is_lenient(string escaped, string value)
    {
        Assert.Equal(value, IrcTagEscaping.Unescape(escaped));
    }

    [Fact]
    public void Nul_has_no_escape_and_is_dropped()
    {
        Assert.Equal("ab", IrcTagEscaping.Escape("a\0b"));
    }

    [Fact]
    public void A_value_needing_no_escape_is_returned_as_is()
    {
        const string value = "nothing-to-escape";

        Assert.Same(value, IrcTagEscaping.Escape(value));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public void Random_values_round_trip_and_escape_to_safe_text(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 5_000; i++)
        {
            var value = IrcTestData.Text(random, 30) + "\r\n;\\\0 "[..random.Next(7)];

            var escaped = IrcTagEscaping.Escape(value);

            Assert.Equal(-1, escaped.AsSpan().IndexOfAny("; \r\n\0"));
            Assert.Equal(value.Replace("\0", string.Empty, StringComparison.Ordinal), IrcTagEscaping.Unescape(escaped));
        }
    }
}
