using Piazza.Client.Irc;

namespace Piazza.Client.Tests.Model;

/// <summary>What <c>--server</c> takes: host:port, a host alone (the default port), an IPv6 address in brackets; anything else says why.</summary>
public sealed class ServerAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:54331", "127.0.0.1", 54331, "127.0.0.1:54331")]
    [InlineData(" irc.example.org:6697 ", "irc.example.org", 6697, "irc.example.org:6697")]
    [InlineData("localhost", "localhost", 54321, "localhost:54321")]
    [InlineData("[::1]:6667", "::1", 6667, "[::1]:6667")]
    [InlineData("[::1]", "::1", 54321, "[::1]:54321")]
    [InlineData("127.0.0.1:65535", "127.0.0.1", 65535, "127.0.0.1:65535")]
    public void A_server_is_read_with_the_default_port_when_it_names_none(string text, string host, int port, string shown)
    {
        Assert.True(ServerAddress.TryParse(text, 54321, out var address, out var problem), problem);

        Assert.Equal(new ServerAddress(host, port), address);
        Assert.Equal(shown, address.ToString());
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData(":54321", "the host is missing")]
    [InlineData("127.0.0.1:", "the port must be a number from 1 to 65535")]
    [InlineData("127.0.0.1:0", "the port must be a number from 1 to 65535")]
    [InlineData("127.0.0.1:65536", "the port must be a number from 1 to 65535")]
    [InlineData("127.0.0.1:+80", "the port must be a number from 1 to 65535")]
    [InlineData("127.0.0.1:8O", "the port must be a number from 1 to 65535")]
    [InlineData("::1", "an IPv6 address goes in brackets")]
    [InlineData("::1:54321", "an IPv6 address goes in brackets")]
    [InlineData("[::1", "must close with ]")]
    [InlineData("[::1]54321", "after ] comes :port")]
    [InlineData("[localhost]:1", "only an IPv6 address goes in brackets")]
    [InlineData("bad host:1", "'bad host' is not a host name or address")]
    [InlineData("http://127.0.0.1:1", "not a URL")]
    public void Anything_else_is_refused_saying_why(string? text, string problem)
    {
        Assert.False(ServerAddress.TryParse(text, 54321, out _, out var said));

        Assert.Contains(problem, said, StringComparison.Ordinal);
    }
}
