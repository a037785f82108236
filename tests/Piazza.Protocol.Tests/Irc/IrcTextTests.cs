using System.Text;

using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

public class IrcTextTests
{
    [Theory]
    [InlineData("", 4, new[] { "" })]
    [InlineData("abc", 4, new[] { "abc" })]
    [InlineData("abcd", 4, new[] { "abcd" })]
    [InlineData("abcdefghij", 4, new[] { "abcd", "efgh", "ij" })]
    [InlineData("hello world again", 8, new[] { "hello ", "world ", "again" })] // spaces in the last quarter
    [InlineData("a bcdefghijk", 8, new[] { "a bcdefg", "hijk" })] // the space is too early: cut hard
    [InlineData("abcdefg h", 8, new[] { "abcdefg ", "h" })] // the space ends the piece exactly
    [InlineData("aaaaaaa  b", 8, new[] { "aaaaaaa ", " b" })]
    [InlineData("\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8", 7, new[] { "\u65e5\u672c", "\u8a9e\u30c6", "\u30ad\u30b9", "\u30c8" })] // CJK: 3 bytes each
    [InlineData("\U0001F600\U0001F601\U0001F602", 5, new[] { "\U0001F600", "\U0001F601", "\U0001F602" })] // emoji: 4 bytes each
    [InlineData("\U0001F600\U0001F601", 4, new[] { "\U0001F600", "\U0001F601" })]
    [InlineData("a\U0001F600", 4, new[] { "a", "\U0001F600" })]
    [InlineData("\u00e9\u00e9\u00e9", 5, new[] { "\u00e9\u00e9", "\u00e9" })] // 2 bytes each
    public void Splits_at_byte_limits_and_character_boundaries(string text, int maxBytes, string[] pieces)
    {
        Assert.Equal(pieces, IrcText.Split(text, maxBytes));
    }

    [Fact]
    public void An_unpaired_surrogate_counts_three_bytes_as_it_is_sent_as_U_FFFD()
    {
        // Not an InlineData: xunit's serialisation of test data mangles unpaired surrogates.
        Assert.Equal(["ab", "\ud800c", "d"], IrcText.Split("ab\ud800cd", 4));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    [InlineData(-1)]
    public void MaxBytes_below_one_four_byte_character_is_refused(int maxBytes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IrcText.Split("text", maxBytes));
    }

    [Theory]
    [InlineData(41)]
    [InlineData(42)]
    [InlineData(43)]
    public void Random_text_splits_into_fitting_whole_pieces_that_join_back(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 2_000; i++)
        {
            var text = IrcTestData.Text(random, 120);
            var maxBytes = random.Next(IrcText.MinSplitBytes, 60);

            var pieces = IrcText.Split(text, maxBytes);

            Assert.Equal(text, string.Concat(pieces));
            for (var p = 0; p < pieces.Count; p++)
            {
                var piece = pieces[p];
                Assert.InRange(Encoding.UTF8.GetByteCount(piece), text.Length == 0 ? 0 : 1, maxBytes);
                if (p + 1 < pieces.Count)
                {
                    Assert.False(char.IsHighSurrogate(piece[^1]) && char.IsLowSurrogate(pieces[p + 1][0]), "a surrogate pair was split");
                    AssertCutWhereItShould(piece, pieces[p + 1], maxBytes);
                }
            }
        }
    }

    [Fact]
    public void Utf8Length_counts_bytes()
    {
        Assert.Equal(0, IrcText.Utf8Length(string.Empty));
        Assert.Equal(3, IrcText.Utf8Length("abc"));
        Assert.Equal(2, IrcText.Utf8Length("\u00e9"));
        Assert.Equal(3, IrcText.Utf8Length("\u65e5"));
        Assert.Equal(4, IrcText.Utf8Length("\U0001F600"));
        Assert.Equal(3, IrcText.Utf8Length("\ud800"));
    }

    [Fact]
    public void TrailingBudget_is_what_is_left_of_510_bytes()
    {
        // ":n!u@h PRIVMSG #chan :" is 22 bytes.
        Assert.Equal(510 - 22, IrcText.TrailingBudget("n!u@h", "PRIVMSG", ["#chan"]));
        Assert.Equal(510 - "PING :".Length, IrcText.TrailingBudget(null, "PING", []));
        Assert.Equal(510 - ":\u00e9 X a b :".Length - 1, IrcText.TrailingBudget("\u00e9", "X", ["a", "b"]));
    }

    [Fact]
    public void A_last_parameter_of_exactly_the_budget_makes_a_510_byte_body()
    {
        string[] middles = ["#chan"];
        var budget = IrcText.TrailingBudget("nick!user@host", "PRIVMSG", middles);
        var text = new string('x', 600);
        var first = IrcText.Split(text, budget)[0];

        var line = IrcWriter.Format(null, "nick!user@host", "PRIVMSG", [.. middles, first], trailing: true);
        var tooLong = IrcWriter.Format(null, "nick!user@host", "PRIVMSG", [.. middles, first + "x"], trailing: true);

        Assert.Equal(IrcParser.MaxBodyBytes, line.Length - 2);
        Assert.Equal(IrcParseStatus.Ok, IrcParser.TryParse(line.AsSpan(0, line.Length - 2), out _));
        Assert.Equal(IrcParseStatus.LineTooLong, IrcParser.TryParse(tooLong.AsSpan(0, tooLong.Length - 2), out _));
    }

    /// <summary>A piece stops early only to end after a space in the last quarter of what would fit.</summary>
    private static void AssertCutWhereItShould(string piece, string next, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetByteCount(piece);
        var fits = bytes;
        var rest = next.AsSpan();
        while (!rest.IsEmpty)
        {
            var length = char.IsHighSurrogate(rest[0]) && rest.Length > 1 && char.IsLowSurrogate(rest[1]) ? 2 : 1;
            var width = Encoding.UTF8.GetByteCount(rest[..length]);
            if (fits + width > maxBytes)
            {
                break;
            }

            fits += width;
            rest = rest[length..];
        }

        if (fits > bytes)
        {
            Assert.Equal(' ', piece[^1]);
            Assert.True(bytes * 4 >= fits * 3, $"\"{piece}\" cut at {bytes} of {fits} bytes");
        }
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("a\u001b[2Jb", "a\ufffd[2Jb")]
    [InlineData("\0\t\r\n\u0007", "\ufffd\ufffd\ufffd\ufffd\ufffd")]
    [InlineData("del\u007f c1\u0085\u009f end\u00a0é", "del\ufffd c1\ufffd\ufffd end\u00a0é")]
    [InlineData("\u0002bold\u0002", "\ufffdbold\ufffd")]
    public void An_echo_keeps_the_text_but_not_its_control_characters(string text, string echo)
    {
        Assert.Equal(echo, IrcText.ForEcho(text));
        Assert.Equal(text.Length, IrcText.ForEcho(text).Length);
    }

    [Theory]
    [InlineData("abc", 3, "abc")] // fits: the text itself
    [InlineData("abcd", 3, "abc")]
    [InlineData("aéé", 4, "aé")] // 1 + 2 + 2 bytes: the second é would end at byte 5
    [InlineData("aéé", 2, "a")] // never half an é
    [InlineData("😃x", 3, "")] // never half a surrogate pair
    [InlineData("😃x", 4, "😃")]
    [InlineData("abc", 0, "")]
    [InlineData("abc", -5, "")]
    public void Truncate_keeps_the_longest_start_that_fits_between_characters(string text, int maxBytes, string expected)
    {
        var cut = IrcText.Truncate(text, maxBytes);
        Assert.Equal(expected, cut);
        Assert.True(IrcText.Utf8Length(cut) <= Math.Max(0, maxBytes));
    }
}
