using System.Text;

namespace Piazza.Protocol.Tests;

/// <summary>The chat port's rule: an IRC registration line in its IRC shape is IRC, anything else plain.</summary>
public sealed class ProtocolDetectorTests
{
    [Theory]
    [InlineData("CAP LS 302")]
    [InlineData("cap ls")]
    [InlineData("PASS secret")]
    [InlineData("NICK alice")]
    [InlineData("NICK alice\r")]
    [InlineData("USER alice 0 * :Alice A")]
    [InlineData("USER alice 0 * Alice")]
    [InlineData("USER alice 0 * :")]
    [InlineData("@label=1 CAP LS 302")]
    [InlineData("  NICK   alice  ")]
    public void An_irc_registration_line_is_irc(string line) =>
        Assert.True(ProtocolDetector.IsIrcRegistration(Encoding.UTF8.GetBytes(line)));

    [Theory]
    [InlineData("")]
    [InlineData("hello everyone")]
    [InlineData("nick")]
    [InlineData("nick is my name")]
    [InlineData("user a b")]
    [InlineData("CAP")]
    [InlineData("/nick alice")]
    [InlineData("@label=1")]
    [InlineData("PRIVMSG #lobby :hi")]
    [InlineData("exit")]
    public void Anything_else_is_plain(string line) =>
        Assert.False(ProtocolDetector.IsIrcRegistration(Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void Hostile_bytes_are_plain_and_never_throw()
    {
        Assert.False(ProtocolDetector.IsIrcRegistration([0xff, 0xfe, 0x00, 0x20, 0xc3]));
        Assert.False(ProtocolDetector.IsIrcRegistration("\0\0\0"u8));
        Assert.False(ProtocolDetector.IsIrcRegistration(Encoding.UTF8.GetBytes(new string('x', 512))));
        Assert.False(ProtocolDetector.IsIrcRegistration(Encoding.UTF8.GetBytes(new string(' ', 512))));
        // A registration word with a NUL inside is not the word.
        Assert.False(ProtocolDetector.IsIrcRegistration("NI\0CK alice"u8));
        var random = new Random(12);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            _ = ProtocolDetector.IsIrcRegistration(bytes);
        }
    }
}
