using System.Buffers;
using System.Text;

using Piazza.Server.WebSockets;

namespace Piazza.Server.Tests.WebSockets;

/// <summary>The pure parts of <c>/ws</c>: the subprotocol choice, origins, output lines and close reasons.</summary>
public sealed class WebSocketUnitTests
{
    [Theory]
    [InlineData(new[] { "text.ircv3.net" }, false, "text.ircv3.net")]
    [InlineData(new[] { "binary.ircv3.net" }, true, "binary.ircv3.net")]
    [InlineData(new[] { "text.ircv3.net", "binary.ircv3.net" }, false, "text.ircv3.net")]
    [InlineData(new[] { "binary.ircv3.net", "text.ircv3.net" }, true, "binary.ircv3.net")]
    [InlineData(new[] { "xmpp", "text.ircv3.net" }, false, "text.ircv3.net")]
    [InlineData(new[] { "xmpp" }, false, null)]
    [InlineData(new[] { "TEXT.IRCV3.NET" }, false, null)]
    [InlineData(new string[0], false, null)]
    public void The_clients_first_supported_subprotocol_is_chosen(string[] offered, bool binary, string? echo) =>
        Assert.Equal((binary ? IrcWebSocketMode.Binary : IrcWebSocketMode.Text, echo), IrcSubprotocol.Choose(offered));

    [Theory]
    [InlineData("https://chat.example.org", "https", "chat.example.org", 443)]
    [InlineData("HTTP://Chat.Example.org:8080", "http", "chat.example.org", 8080)]
    [InlineData("http://[::1]:8080", "http", "[::1]", 8080)]
    [InlineData("app://bundle", "app", "bundle", -1)]
    public void An_origin_parses_to_scheme_host_and_port(string text, string scheme, string host, int port)
    {
        Assert.True(WebOrigin.TryParse(text, out var origin));
        Assert.Equal(new WebOrigin(scheme, host, port), origin);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("*")]
    [InlineData("chat.example.org")]
    [InlineData("https://chat.example.org/")]
    [InlineData("https://chat.example.org/app")]
    [InlineData("https://chat.example.org?x")]
    [InlineData("https://user@chat.example.org")]
    [InlineData("https://")]
    [InlineData("://chat.example.org")]
    [InlineData("https://chat.example.org:99999")]
    public void Anything_else_is_not_an_origin(string? text) => Assert.False(WebOrigin.TryParse(text, out _));

    [Fact]
    public void Output_is_split_at_lf_without_the_cr_and_a_partial_line_waits()
    {
        var buffer = new ReadOnlySequence<byte>("PING a\r\n:s 001 x :hi\n\r\npartial"u8.ToArray());
        var lines = new List<string>();
        while (WebSocketLines.TryTake(ref buffer, out var line))
        {
            lines.Add(Encoding.UTF8.GetString(line));
        }

        Assert.Equal(["PING a", ":s 001 x :hi", ""], lines);
        Assert.Equal("partial", Encoding.UTF8.GetString(buffer));
    }

    [Fact]
    public void Output_split_across_segments_finds_every_line()
    {
        var bytes = "one\r\ntwo\r\nthree\r\n"u8.ToArray();
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var buffer = Segments.Of(bytes[..cut], bytes[cut..]);
            var lines = new List<string>();
            while (WebSocketLines.TryTake(ref buffer, out var line))
            {
                lines.Add(Encoding.UTF8.GetString(line));
            }

            Assert.Equal(["one", "two", "three"], lines);
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void Text_is_made_valid_utf8_and_valid_text_is_left_alone()
    {
        ReadOnlyMemory<byte> valid = "PRIVMSG #a :café"u8.ToArray();
        Assert.True(WebSocketLines.AsText(valid).Equals(valid));
        Assert.Equal("PRIVMSG #a :caf\uFFFD!", Encoding.UTF8.GetString(WebSocketLines.AsText((byte[])[.. "PRIVMSG #a :caf"u8, 0xE9, (byte)'!']).Span));
    }

    [Fact]
    public void A_close_reason_is_cut_to_123_bytes_on_a_character_boundary()
    {
        Assert.Equal("short", IrcWebSocketHandler.CloseReason("short"));
        var cut = IrcWebSocketHandler.CloseReason(new string('é', 100));
        Assert.InRange(Encoding.UTF8.GetByteCount(cut), 100, 123);
        Assert.EndsWith("é…", cut, StringComparison.Ordinal);
    }

    /// <summary>A sequence of several segments, as a pipe hands them over.</summary>
    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(byte[] first, byte[] second)
        {
            var head = new Segments(first, 0);
            var tail = new Segments(second, first.Length);
            head.Next = tail;
            return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
        }
    }
}
