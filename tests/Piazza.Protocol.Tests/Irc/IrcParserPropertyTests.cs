using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

/// <summary>
/// Seeded random tests: each seed is fixed so that a failure reproduces. An input that ever
/// fails goes into <see cref="IrcParserCorpusTests"/> as hex.
/// </summary>
public class IrcParserPropertyTests
{
    private const int Runs = 5_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_bytes_never_throw_and_round_trip(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Runs; i++)
        {
            IrcRoundTrip.Check(IrcTestData.Bytes(random, i % 10 == 0 ? 5_000 : 200));
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Valid_messages_round_trip_exactly(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Runs; i++)
        {
            var message = IrcTestData.Message(random);
            var formatted = IrcWriter.Format(message);

            var status = IrcParser.TryParse(formatted.AsSpan(0, formatted.Length - 2), out var parsed);

            var (tagBytes, bodyBytes) = IrcRoundTrip.Sizes(formatted);
            var expected = tagBytes > IrcParser.MaxClientTagBytes ? IrcParseStatus.TagsTooLong
                : bodyBytes > IrcParser.MaxBodyBytes ? IrcParseStatus.LineTooLong
                : IrcParseStatus.Ok;
            Assert.Equal(expected, status);
            if (status == IrcParseStatus.Ok)
            {
                IrcTestData.AssertSameMessage(message, parsed!);
            }
        }
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void Mutated_valid_lines_never_throw_and_round_trip(int seed)
    {
        var random = new Random(seed);
        var statuses = new HashSet<IrcParseStatus>();
        for (var i = 0; i < Runs; i++)
        {
            var line = IrcWriter.Format(IrcTestData.Message(random))[..^2];
            var edits = random.Next(1, 6);
            for (var e = 0; e < edits; e++)
            {
                line = IrcTestData.Mutate(random, line);
            }

            statuses.Add(IrcRoundTrip.Check(line));
        }

        // The mutations reach the interesting outcomes, not only Ok.
        Assert.Contains(IrcParseStatus.Ok, statuses);
        Assert.Contains(IrcParseStatus.InvalidUtf8, statuses);
        Assert.Contains(IrcParseStatus.NoCommand, statuses);
    }
}
