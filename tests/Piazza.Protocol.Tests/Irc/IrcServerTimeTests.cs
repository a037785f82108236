using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

/// <summary><see cref="IrcServerTime"/>: the <c>time</c> tag's form, written and read.</summary>
public class IrcServerTimeTests
{
    [Fact]
    public void Writes_utc_with_milliseconds_whatever_the_offset()
    {
        var time = new DateTimeOffset(2024, 5, 1, 14, 3, 4, 56, TimeSpan.FromHours(2));

        Assert.Equal("2024-05-01T12:03:04.056Z", IrcServerTime.Format(time));
        Assert.Equal("1970-01-01T00:00:00.000Z", IrcServerTime.Format(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void What_it_writes_reads_back_as_the_same_instant_in_utc()
    {
        var time = new DateTimeOffset(2031, 12, 31, 23, 59, 59, 999, TimeSpan.Zero);

        Assert.True(IrcServerTime.TryParse(IrcServerTime.Format(time), out var read));
        Assert.Equal(time, read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }

    [Theory]
    [InlineData("2024-05-01T12:00:00Z")]
    [InlineData("2024-05-01T12:00:00.0Z")]
    [InlineData("2024-05-01T14:00:00+02:00")]
    [InlineData("2024-05-01T12:00:00")]
    public void Reads_leniently_and_without_an_offset_as_utc(string text)
    {
        Assert.True(IrcServerTime.TryParse(text, out var read));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2024-13-01T00:00:00.000Z")]
    [InlineData("2024-05-01\0T12:00:00.000Z")]
    [InlineData("\uD800")]
    public void Refuses_what_is_not_a_time_without_throwing(string? text)
    {
        Assert.False(IrcServerTime.TryParse(text, out _));
    }

    [Fact]
    public void Refuses_overlong_input_without_throwing()
    {
        Assert.False(IrcServerTime.TryParse(new string('9', 100_000), out _));
    }
}
