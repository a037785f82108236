using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

/// <summary>
/// A tag set as the hub carries it (unescaped values) written by <see cref="IrcWriter.FormatTags"/>
/// into a TAGMSG and read back by <see cref="IrcParser"/>: the same keys and values, in order.
/// </summary>
public class IrcClientTagSetTests
{
    [Fact]
    public void Values_needing_every_escape_come_back_unescaped()
    {
        KeyValuePair<string, string>[] tags = [new("+draft/reply", "a b;c\\d\r\ne"), new("+typing", "active"), new("+empty", string.Empty)];

        Assert.Equal(tags, RoundTrip(tags));
    }

    [Fact]
    public void Nul_has_no_escape_and_is_dropped_from_a_value()
    {
        Assert.Equal([new KeyValuePair<string, string>("+x", "ab")], RoundTrip([new("+x", "a\0b")]));
    }

    [Theory]
    [InlineData(71)]
    [InlineData(72)]
    public void Random_tag_sets_round_trip(int seed)
    {
        var random = new Random(seed);
        // Whole characters: a lone surrogate is written as U+FFFD, which would not round trip.
        string[] alphabet = ["a", "b", ";", " ", "\\", "\r", "\n", "=", ":", "s", "\u00e9", "\U0001F44D"];
        for (var i = 0; i < 2_000; i++)
        {
            KeyValuePair<string, string>[] tags =
            [
                .. Enumerable.Range(0, random.Next(1, 5)).Select(n => new KeyValuePair<string, string>(
                    "+k" + n,
                    string.Concat(Enumerable.Range(0, random.Next(0, 20)).Select(_ => alphabet[random.Next(alphabet.Length)])))),
            ];

            Assert.Equal(tags, RoundTrip(tags));
        }
    }

    private static KeyValuePair<string, string>[] RoundTrip(KeyValuePair<string, string>[] tags)
    {
        var line = IrcWriter.Format(IrcWriter.FormatTags(tags), "alice!~a@10.0.0.1", "TAGMSG", ["#dev"]);

        Assert.Equal(IrcParseStatus.Ok, IrcParser.TryParse(line.AsSpan(0, line.Length - 2), out var message));
        return [.. message!.Tags];
    }
}
