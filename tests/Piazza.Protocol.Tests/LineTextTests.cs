using System.Buffers;
using System.Text;

using Piazza.Protocol.Line;

namespace Piazza.Protocol.Tests;

public class LineTextTests
{
    [Theory]
    [InlineData("hello")]
    [InlineData("h\u00e9llo w\u00f6rld")]
    [InlineData("\u65e5\u672c\u8a9e")]
    [InlineData("\U0001F44B\U0001F3FD emoji")]
    [InlineData("tab\tinside")]
    [InlineData("\u00a0non-breaking space")]
    [InlineData("~ tilde and space ")]
    public void Valid_text_decodes(string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(expected);

        var error = LineText.TryDecode(bytes, out var text);

        Assert.Equal(LineTextError.None, error);
        Assert.Equal(expected, text);
    }

    [Fact]
    public void An_empty_line_is_empty_text()
    {
        Assert.Equal(LineTextError.None, LineText.TryDecode(ReadOnlySequence<byte>.Empty, out var text));
        Assert.Equal(string.Empty, text);
    }

    [Theory]
    [InlineData("C0 80")] // overlong NUL
    [InlineData("C1 BF")] // overlong '?'
    [InlineData("E0 80 AF")] // overlong '/'
    [InlineData("F0 80 80 AF")] // overlong '/'
    [InlineData("80")] // lone continuation byte
    [InlineData("61 BF 62")] // continuation byte between letters
    [InlineData("C3")] // truncated two-byte sequence
    [InlineData("E2 82")] // truncated euro sign
    [InlineData("F0 9F 98")] // truncated emoji
    [InlineData("61 C3 62")] // lead byte followed by ASCII
    [InlineData("ED A0 80")] // UTF-16 high surrogate encoded in UTF-8
    [InlineData("ED BF BF")] // UTF-16 low surrogate encoded in UTF-8
    [InlineData("F4 90 80 80")] // above U+10FFFF
    [InlineData("FE")]
    [InlineData("FF")]
    public void Invalid_UTF8_is_refused(string hex)
    {
        var error = LineText.TryDecode(Hex(hex), out var text);

        Assert.Equal(LineTextError.InvalidUtf8, error);
        Assert.Equal(string.Empty, text);
    }

    [Theory]
    [InlineData("00")] // NUL
    [InlineData("61 00 62")]
    [InlineData("1B 5B 33 31 6D")] // ESC [31m
    [InlineData("01")]
    [InlineData("07")] // BEL
    [InlineData("08")] // BS
    [InlineData("0A")] // LF
    [InlineData("0D")] // CR
    [InlineData("1F")]
    [InlineData("7F")] // DEL
    [InlineData("C2 80")] // first C1
    [InlineData("C2 85")] // NEL
    [InlineData("C2 9B")] // CSI
    [InlineData("C2 9F")] // last C1
    public void Control_characters_are_refused(string hex)
    {
        Assert.Equal(LineTextError.ControlCharacter, LineText.TryDecode(Hex(hex), out _));
    }

    [Theory]
    [InlineData("a\tb", false)]
    [InlineData(" ~", false)]
    [InlineData("\u00a0\u00ff", false)]
    [InlineData("a\u001bb", true)]
    [InlineData("\u007f", true)]
    [InlineData("\u0085", true)]
    [InlineData("\u009f", true)]
    [InlineData("\r", true)]
    public void ContainsControl_spots_C0_DEL_and_C1_but_not_TAB(string text, bool expected)
    {
        Assert.Equal(expected, LineText.ContainsControl(text));
    }

    [Fact]
    public void Multi_segment_input_decodes_the_same_as_one_segment()
    {
        byte[][] inputs =
        [
            Encoding.UTF8.GetBytes("h\u00e9 \u2603 \U0001F44B\U0001F3FD ok"),
            Hex("61 F0 9F 98 62"),
            Hex("61 ED A0 80 62"),
            Hex("61 C2 9B 62"),
            Hex("61 1B 62"),
        ];
        foreach (var input in inputs)
        {
            var expectedError = LineText.TryDecode(input, out var expectedText);
            for (var i = 0; i <= input.Length; i++)
            {
                for (var j = i; j <= input.Length; j++)
                {
                    var sequence = TestSegment.Split(input, i, j);

                    var error = LineText.TryDecode(sequence, out var text);

                    Assert.Equal(expectedError, error);
                    Assert.Equal(expectedText, text);
                }
            }
        }

        Assert.Equal(LineTextError.None, LineText.TryDecode(TestSegment.Split(inputs[0], 4, 9), out var decoded));
        Assert.Equal("h\u00e9 \u2603 \U0001F44B\U0001F3FD ok", decoded);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(7);
        for (var run = 0; run < 3000; run++)
        {
            var input = new byte[random.Next(0, 40)];
            random.NextBytes(input);
            var cut = random.Next(0, input.Length + 1);

            var single = LineText.TryDecode(input, out var singleText);
            var split = LineText.TryDecode(TestSegment.Split(input, cut), out var splitText);

            Assert.Equal(single, split);
            Assert.Equal(singleText, splitText);
            Assert.True(single != LineTextError.None || !LineText.ContainsControl(singleText));
        }
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
