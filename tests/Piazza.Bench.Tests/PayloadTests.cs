using System.Text;

using Piazza.Bench.Measure;

namespace Piazza.Bench.Tests;

public class PayloadTests
{
    private static readonly PayloadHeader Sample = new(Phase: 3, Sender: 0xABCDE, Sequence: 4_000_000_001, Timestamp: 0x0123_4567_89AB_CDEF);

    [Fact]
    public void Round_trips_every_field()
    {
        var buffer = new byte[100];
        var written = Payload.Write(buffer, Sample, 64);

        Assert.Equal(64, written);
        Assert.Equal(PayloadStatus.Found, Payload.TryFind(buffer.AsSpan(0, written), out var header));
        Assert.Equal(Sample, header);
    }

    [Fact]
    public void Is_printable_ascii_without_spaces()
    {
        var buffer = new byte[Payload.MaxBytes];
        var written = Payload.Write(buffer, Sample, 200);

        Assert.All(buffer.Take(written), b => Assert.InRange(b, (byte)'!', (byte)'~'));
    }

    [Theory]
    [InlineData(0, Payload.HeaderBytes)]
    [InlineData(10, Payload.HeaderBytes)]
    [InlineData(Payload.HeaderBytes, Payload.HeaderBytes)]
    [InlineData(1000, Payload.MaxBytes)]
    public void Size_is_clamped_to_what_the_header_needs_and_the_limit(int asked, int expected)
    {
        var buffer = new byte[Payload.MaxBytes];

        Assert.Equal(expected, Payload.Write(buffer, Sample, asked));
    }

    [Theory]
    [InlineData("[b12@bench] {0}")]
    [InlineData("[127.0.0.1:50432] {0}")]
    [InlineData(":b12!~b12@127.0.0.1 PRIVMSG #bench :{0}")]
    [InlineData("{0}")]
    public void Is_found_inside_each_protocols_line(string shape)
    {
        var buffer = new byte[100];
        var text = Encoding.ASCII.GetString(buffer, 0, Payload.Write(buffer, Sample, 50));
        var line = Encoding.ASCII.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, text));

        Assert.Equal(PayloadStatus.Found, Payload.TryFind(line, out var header));
        Assert.Equal(Sample, header);
    }

    [Theory]
    [InlineData("* you are in bench; 3 others are here")]
    [InlineData(":server 366 b1 #bench :End of /NAMES list.")]
    [InlineData("")]
    public void Other_lines_hold_none(string line)
    {
        Assert.Equal(PayloadStatus.None, Payload.TryFind(Encoding.ASCII.GetBytes(line), out _));
    }

    [Fact]
    public void A_cut_or_garbled_payload_is_malformed()
    {
        var buffer = new byte[100];
        var written = Payload.Write(buffer, Sample, 64);

        for (var cut = 4; cut < Payload.HeaderBytes; cut++)
        {
            Assert.Equal(PayloadStatus.Malformed, Payload.TryFind(buffer.AsSpan(0, cut), out _));
        }

        // The seed relays raw reads, so the next read's "[ip:port] " prefix can land inside a line.
        var spliced = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(buffer, 0, 20) + "[127.0.0.1:5] " + Encoding.ASCII.GetString(buffer, 20, written - 20));
        Assert.Equal(PayloadStatus.Malformed, Payload.TryFind(spliced, out _));
    }
}
