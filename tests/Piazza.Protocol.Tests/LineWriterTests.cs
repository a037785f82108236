using System.Text;

using Piazza.Protocol.Line;

namespace Piazza.Protocol.Tests;

public class LineWriterTests
{
    [Fact]
    public void Chat_in_the_default_room()
    {
        AssertLine("[alice] hello\n", LineWriter.Chat("alice", null, "hello"));
    }

    [Fact]
    public void Chat_in_another_room_names_the_room()
    {
        AssertLine("[alice@dev] hello\n", LineWriter.Chat("alice", "dev", "hello"));
    }

    [Fact]
    public void Chat_from_an_address_keeps_the_seed_format()
    {
        AssertLine("[127.0.0.1:50432] hello\n", LineWriter.Chat("127.0.0.1:50432", null, "hello"));
    }

    [Fact]
    public void Action_in_the_default_room()
    {
        AssertLine("[alice] * waves\n", LineWriter.Action("alice", null, "waves"));
    }

    [Fact]
    public void Action_in_another_room()
    {
        AssertLine("[alice@dev] * waves\n", LineWriter.Action("alice", "dev", "waves"));
    }

    [Fact]
    public void Private_message()
    {
        AssertLine("[alice (private)] psst\n", LineWriter.Private("alice", "psst"));
    }

    [Fact]
    public void Notice()
    {
        AssertLine("* bob joined\n", LineWriter.Notice("bob joined"));
    }

    [Fact]
    public void Error()
    {
        AssertLine("! no such nick\n", LineWriter.Error("no such nick"));
    }

    [Fact]
    public void Non_ASCII_text_is_UTF8()
    {
        var bytes = LineWriter.Chat("j\u00f6rg", "caf\u00e9", "gr\u00fc\u00df \u2603 \U0001F44B");

        byte[] expected =
        [
            .. "[j"u8, 0xC3, 0xB6, .. "rg@caf"u8, 0xC3, 0xA9, .. "] gr"u8, 0xC3, 0xBC, 0xC3, 0x9F,
            .. " "u8, 0xE2, 0x98, 0x83, .. " "u8, 0xF0, 0x9F, 0x91, 0x8B, (byte)'\n',
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Every_kind_ends_in_exactly_one_LF()
    {
        byte[][] lines =
        [
            LineWriter.Chat("a", null, string.Empty),
            LineWriter.Chat("a", "r", "x"),
            LineWriter.Action("a", "r", "x"),
            LineWriter.Private("a", "\u00e9"),
            LineWriter.Notice(string.Empty),
            LineWriter.Error("\U0001F44B"),
        ];

        Assert.All(lines, line =>
        {
            Assert.Equal((byte)'\n', line[^1]);
            Assert.Equal(1, line.Count(b => b == (byte)'\n'));
            Assert.DoesNotContain((byte)'\r', line);
        });
    }

    private static void AssertLine(string expected, byte[] actual) =>
        Assert.Equal(Encoding.UTF8.GetBytes(expected), actual);
}
