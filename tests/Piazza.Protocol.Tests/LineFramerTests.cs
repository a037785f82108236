using System.Buffers;
using System.Text;

using Piazza.Protocol.Line;

namespace Piazza.Protocol.Tests;

public class LineFramerTests
{
    private const int Max = 8;

    /// <summary>Lines with both endings, empty lines, a bare CR, a non-ASCII line and an overlong one.</summary>
    private static readonly byte[] MixedInput =
    [
        .. "one\ntwo\r\n\n\r\nbare\rcr\n"u8,
        .. "h\u00e9\u2603\n"u8,
        .. "waytoolongline\r\n"u8,
        .. "12345678\r\nlast\n"u8,
    ];

    private static readonly Framed[] MixedExpected =
    [
        Framed.Line("one"),
        Framed.Line("two"),
        Framed.Line(string.Empty),
        Framed.Line(string.Empty),
        Framed.Line("bare\rcr"),
        Framed.Line(Encoding.Latin1.GetString("h\u00e9\u2603"u8)),
        Framed.TooLong,
        Framed.Line("12345678"),
        Framed.Line("last"),
    ];

    [Theory]
    [InlineData("hello\n", "hello")]
    [InlineData("hello\r\n", "hello")]
    [InlineData("\n", "")]
    [InlineData("\r\n", "")]
    [InlineData("a\rb\n", "a\rb")]
    [InlineData("\rab\n", "\rab")]
    [InlineData("ab\r\r\n", "ab\r")]
    public void One_line_is_read_without_its_ending(string input, string expected)
    {
        var result = FramerRun.Feed(Max, FramerRun.Bytes(input));

        Assert.Equal([Framed.Line(expected)], result.Results);
        Assert.Empty(result.Unread);
    }

    [Fact]
    public void Several_lines_in_one_buffer_are_read_in_order()
    {
        var result = FramerRun.Feed(Max, FramerRun.Bytes("a\r\nbb\n\nccc\r\n\r\nd\n"));

        Assert.Equal(
            [Framed.Line("a"), Framed.Line("bb"), Framed.Line(""), Framed.Line("ccc"), Framed.Line(""), Framed.Line("d")],
            result.Results);
        Assert.Empty(result.Unread);
    }

    [Fact]
    public void Mixed_input_in_one_buffer_gives_the_expected_lines()
    {
        var result = FramerRun.Feed(Max, MixedInput);

        Assert.Equal(MixedExpected, result.Results);
        Assert.Empty(result.Unread);
        Assert.False(result.IsDiscarding);
    }

    [Fact]
    public void Every_prefix_then_the_rest_gives_the_same_lines()
    {
        for (var k = 0; k <= MixedInput.Length; k++)
        {
            var result = FramerRun.FeedSplit(Max, MixedInput, k);

            Assert.True(MixedExpected.SequenceEqual(result.Results), $"split at {k}");
            Assert.Empty(result.Unread);
        }
    }

    [Fact]
    public void Every_three_way_split_gives_the_same_lines()
    {
        for (var i = 0; i <= MixedInput.Length; i++)
        {
            for (var j = i; j <= MixedInput.Length; j++)
            {
                var result = FramerRun.FeedSplit(Max, MixedInput, i, j);

                Assert.True(MixedExpected.SequenceEqual(result.Results), $"split at {i} and {j}");
            }
        }
    }

    [Fact]
    public void One_byte_at_a_time_gives_the_same_lines()
    {
        var chunks = MixedInput.Select(b => new[] { b }).ToArray();

        var result = FramerRun.Feed(Max, chunks);

        Assert.Equal(MixedExpected, result.Results);
    }

    [Fact]
    public void A_multi_segment_buffer_split_anywhere_gives_the_same_lines()
    {
        for (var i = 0; i <= MixedInput.Length; i++)
        {
            Assert.True(
                MixedExpected.SequenceEqual(FramerRun.ReadAll(Max, TestSegment.Split(MixedInput, i))),
                $"segments split at {i}");
            for (var j = i; j <= MixedInput.Length; j++)
            {
                Assert.True(
                    MixedExpected.SequenceEqual(FramerRun.ReadAll(Max, TestSegment.Split(MixedInput, i, j))),
                    $"segments split at {i} and {j}");
            }
        }
    }

    [Fact]
    public void A_CR_LF_split_across_segments_is_one_line_ending()
    {
        var input = FramerRun.Bytes("ab\r\ncd\n");

        var lines = FramerRun.ReadAll(Max, TestSegment.Split(input, 3));

        Assert.Equal([Framed.Line("ab"), Framed.Line("cd")], lines);
    }

    [Fact]
    public void A_line_spread_over_many_segments_and_an_empty_segment_is_read_whole()
    {
        var input = FramerRun.Bytes("abcdef\r\n");

        var lines = FramerRun.ReadAll(Max, TestSegment.Split(input, 1, 2, 2, 4, 6, 7));

        Assert.Equal([Framed.Line("abcdef")], lines);
    }

    [Fact]
    public void A_line_of_exactly_the_limit_is_accepted()
    {
        var result = FramerRun.Feed(Max, FramerRun.Bytes("12345678\n12345678\r\n"));

        Assert.Equal([Framed.Line("12345678"), Framed.Line("12345678")], result.Results);
    }

    [Fact]
    public void A_line_one_byte_over_the_limit_is_too_long_once_and_the_next_line_is_read()
    {
        var result = FramerRun.Feed(Max, FramerRun.Bytes("123456789\nnext\n"));

        Assert.Equal([Framed.TooLong, Framed.Line("next")], result.Results);
        Assert.False(result.IsDiscarding);
    }

    [Fact]
    public void A_line_one_byte_over_the_limit_whose_LF_comes_later_is_too_long_once()
    {
        var result = FramerRun.Feed(Max, FramerRun.Bytes("123456789"), FramerRun.Bytes("\nnext\n"));

        Assert.Equal([Framed.TooLong, Framed.Line("next")], result.Results);
    }

    [Fact]
    public void A_line_of_the_limit_plus_its_CR_waits_for_the_LF()
    {
        var framer = new LineFramer(Max);
        var buffer = new ReadOnlySequence<byte>(FramerRun.Bytes("12345678\r"));

        var status = framer.TryRead(ref buffer, out _);

        Assert.Equal(LineStatus.NeedMoreData, status);
        Assert.Equal(9, buffer.Length);
        Assert.False(framer.IsDiscarding);
    }

    [Fact]
    public void An_overlong_line_arriving_in_many_chunks_is_too_long_once_and_discarded_until_LF()
    {
        var framer = new LineFramer(Max);
        var statuses = new List<LineStatus>();

        var first = new ReadOnlySequence<byte>(FramerRun.Bytes("abcdefghij"));
        statuses.Add(framer.TryRead(ref first, out _));
        Assert.True(first.IsEmpty);
        Assert.True(framer.IsDiscarding);

        for (var i = 0; i < 50; i++)
        {
            var more = new ReadOnlySequence<byte>(FramerRun.Bytes("klmnopqrstuvwxyz"));
            statuses.Add(framer.TryRead(ref more, out _));
            Assert.True(more.IsEmpty, "discarded bytes are consumed");
            Assert.True(framer.IsDiscarding);
        }

        var end = new ReadOnlySequence<byte>(FramerRun.Bytes("tail\r\nhello\n"));
        var status = framer.TryRead(ref end, out var line);

        Assert.Equal(LineStatus.Line, status);
        Assert.Equal("hello", Encoding.ASCII.GetString(line.ToArray()));
        Assert.False(framer.IsDiscarding);
        Assert.Equal([LineStatus.TooLong, .. Enumerable.Repeat(LineStatus.NeedMoreData, 50)], statuses);
    }

    [Fact]
    public void A_huge_input_without_newline_then_a_normal_line()
    {
        var huge = new byte[100 * 1024];
        Array.Fill(huge, (byte)'x');

        var result = FramerRun.Feed(2048, huge, FramerRun.Bytes("more\nhello\n"));

        Assert.Equal([Framed.TooLong, Framed.Line("hello")], result.Results);
        Assert.Empty(result.Unread);
        Assert.False(result.IsDiscarding);
    }

    [Fact]
    public void A_huge_line_in_the_same_buffer_as_the_next_line()
    {
        byte[] input = [.. Enumerable.Repeat((byte)'x', 100 * 1024), .. "\nhello\n"u8];

        var result = FramerRun.Feed(2048, input);

        Assert.Equal([Framed.TooLong, Framed.Line("hello")], result.Results);
    }

    [Fact]
    public void A_partial_line_at_the_end_stays_unconsumed()
    {
        var framer = new LineFramer(Max);
        var buffer = new ReadOnlySequence<byte>(FramerRun.Bytes("one\ntw"));

        var first = framer.TryRead(ref buffer, out var line);
        var second = framer.TryRead(ref buffer, out _);

        Assert.Equal(LineStatus.Line, first);
        Assert.Equal("one", Encoding.ASCII.GetString(line.ToArray()));
        Assert.Equal(LineStatus.NeedMoreData, second);
        Assert.Equal("tw", Encoding.ASCII.GetString(buffer.ToArray()));
    }

    [Fact]
    public void An_empty_buffer_needs_more_data()
    {
        var framer = new LineFramer(Max);
        var buffer = ReadOnlySequence<byte>.Empty;

        Assert.Equal(LineStatus.NeedMoreData, framer.TryRead(ref buffer, out _));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void A_limit_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineFramer(0));
    }

    [Fact]
    public void Random_bytes_in_random_chunks_never_throw_and_frame_as_if_read_at_once()
    {
        var random = new Random(20240601);
        byte[] alphabet = [(byte)'a', (byte)'b', (byte)'\r', (byte)'\n', 0x00, 0xC3, 0xA9, 0xFF];
        for (var run = 0; run < 3000; run++)
        {
            var max = random.Next(1, 24);
            var input = new byte[random.Next(0, 120)];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            var cuts = Enumerable.Range(0, random.Next(0, 6))
                .Select(_ => random.Next(0, input.Length + 1))
                .Order()
                .ToArray();

            var whole = FramerRun.Feed(max, input);
            var chunked = FramerRun.FeedSplit(max, input, cuts);
            var segmented = FramerRun.ReadAll(max, TestSegment.Split(input, cuts));

            Assert.True(whole.Results.SequenceEqual(chunked.Results), $"run {run}: chunked differs");
            Assert.True(whole.Results.SequenceEqual(segmented), $"run {run}: segmented differs");
            Assert.Equal(whole.Unread, chunked.Unread);
            Assert.Equal(whole.IsDiscarding, chunked.IsDiscarding);
            Assert.All(whole.Results, r => Assert.True(r.Content.Length <= max));
            Assert.DoesNotContain(whole.Results, r => r.Content.Contains('\n', StringComparison.Ordinal));
        }
    }
}
