using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

/// <summary><see cref="IrcSource"/>: <c>nick!user@host</c> read and written.</summary>
public class IrcSourceTests
{
    [Fact]
    public void A_client_source_is_written_nick_bang_user_at_host()
    {
        Assert.Equal("alice!~alice@10.0.0.7", new IrcSource("alice", "~alice", "10.0.0.7").ToString());
    }

    [Theory]
    [InlineData("alice!~alice@10.0.0.7", "alice", "~alice", "10.0.0.7")]
    [InlineData("irc.example.org", "irc.example.org", null, null)]
    [InlineData("alice@host", "alice", null, "host")]
    [InlineData("alice!user", "alice", "user", null)]
    [InlineData("a!b@c@d", "a", "b", "c@d")] // the host is the rest
    [InlineData("a!b!c@d", "a", "b!c", "d")] // the user runs to the '@'
    [InlineData("a@b!c", "a", null, "b!c")] // the nick ends at the first '!' or '@'
    [InlineData("!@", "", "", "")]
    [InlineData("", "", null, null)]
    public void Parses_each_part(string text, string nick, string? user, string? host)
    {
        Assert.Equal(new IrcSource(nick, user, host), IrcSource.Parse(text));
    }

    [Theory]
    [InlineData("alice!~alice@2001:db8::1")]
    [InlineData("@")]
    [InlineData("!")]
    [InlineData("!!@@")]
    [InlineData("nick\0!us\0er@h\0st")]
    [InlineData("a b!c d@e f")]
    [InlineData("\uD800!\uDC00@\uFFFF")]
    public void Writes_back_exactly_what_it_read(string text)
    {
        Assert.Equal(text, IrcSource.Parse(text).ToString());
    }

    [Fact]
    public void Random_and_overlong_text_never_throws_and_round_trips()
    {
        var random = new Random(41);
        const string alphabet = "ab!@ \0~.:\r\n";
        for (var i = 0; i < 5_000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            Assert.Equal(text, IrcSource.Parse(text).ToString());
        }

        var overlong = new string('a', 50_000) + "!" + new string('u', 50_000) + "@" + new string('h', 50_000);
        Assert.Equal(overlong, IrcSource.Parse(overlong).ToString());
    }

    [Fact]
    public void A_default_source_writes_as_empty()
    {
        Assert.Equal(string.Empty, default(IrcSource).ToString());
    }
}
