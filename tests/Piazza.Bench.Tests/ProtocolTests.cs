using System.Text;

using Piazza.Bench.Protocols;

namespace Piazza.Bench.Tests;

public class ProtocolTests
{
    [Theory]
    [InlineData(":irc.example 001 bob :Welcome", "001", true)]
    [InlineData(":irc.example 0012 bob :x", "001", false)]
    [InlineData("PING :irc.example", "PING", true)]
    [InlineData(":bob!u@h PRIVMSG #bench :PING", "PING", false)]
    [InlineData(":prefix-only", "001", false)]
    [InlineData("366", "366", true)]
    public void Irc_command_is_read_after_the_prefix(string line, string command, bool expected)
    {
        Assert.Equal(expected, IrcProtocol.IsCommand(Encoding.ASCII.GetBytes(line), Encoding.ASCII.GetBytes(command)));
    }

    [Fact]
    public void Irc_frames_a_privmsg_to_the_channel()
    {
        var frame = new IrcProtocol().FrameFor("r7", 40);

        Assert.Equal("PRIVMSG #r7 :", Encoding.ASCII.GetString(frame.Prefix));
        Assert.Equal("\r\n", Encoding.ASCII.GetString(frame.Suffix));
        Assert.Equal(13 + 40 + 2, frame.Size(40));
    }

    [Fact]
    public void Redis_frames_a_publish_as_a_resp_array()
    {
        var frame = new RedisProtocol().FrameFor("bench", 64);

        Assert.Equal("*3\r\n$7\r\nPUBLISH\r\n$5\r\nbench\r\n$64\r\n", Encoding.ASCII.GetString(frame.Prefix));
        Assert.Equal("\r\n", Encoding.ASCII.GetString(frame.Suffix));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("seed", "line")]
    [InlineData("LINE", "line")]
    [InlineData("irc", "irc")]
    [InlineData("redis", "redis")]
    public void Protocols_are_found_by_name(string name, string expected)
    {
        Assert.Equal(expected, ChatProtocol.Named(name).Name);
    }

    [Fact]
    public void An_unknown_protocol_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ChatProtocol.Named("xmpp"));
    }
}
