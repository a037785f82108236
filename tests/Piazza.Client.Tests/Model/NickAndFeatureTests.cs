using Piazza.Client.Cli;
using Piazza.Client.Irc;

namespace Piazza.Client.Tests.Model;

/// <summary>Nicknames from login names and options, and what the client reads from ISUPPORT.</summary>
public sealed class NickAndFeatureTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("Jean-Luc.Picard", "Jean-LucPicard")]
    [InlineData("1root", "root")]
    [InlineData("-x", "x")]
    [InlineData("日本", "guest")]
    [InlineData("", "guest")]
    [InlineData("a[b]`c", "a[b]`c")]
    public void A_login_name_becomes_a_valid_nickname(string login, string nick)
    {
        Assert.Equal(nick, NickNames.FromLogin(login));
        Assert.Null(NickNames.Problem(NickNames.FromLogin(login)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("9lives")]
    [InlineData("-dash")]
    [InlineData("two words")]
    [InlineData("at@host")]
    [InlineData("nul\0")]
    [InlineData("#room")]
    public void Bad_nicknames_are_named_with_the_reason(string nick) => Assert.NotNull(NickNames.Problem(nick));

    [Theory]
    [InlineData(new string[0], 0)]
    [InlineData(new[] { "MONITOR=100" }, 100)]
    [InlineData(new[] { "MONITOR" }, int.MaxValue)]
    [InlineData(new[] { "MONITOR=-1" }, 0)]
    [InlineData(new[] { "MONITOR=lots" }, 0)]
    public void The_MONITOR_token_gives_the_limit_of_watched_nicks(string[] tokens, int limit)
    {
        var features = new ServerFeatures();

        features.Apply(tokens);

        Assert.Equal(limit, features.MonitorLimit);
    }

    [Fact]
    public void ISUPPORT_tokens_set_the_features_the_client_uses_and_junk_is_ignored()
    {
        var features = new ServerFeatures();
        Assert.Equal(9, features.NickLength);
        Assert.True(features.IsChannel("&local"));

        features.Apply(["CHANTYPES=#", "PREFIX=(qaohv)~&@%+", "NICKLEN=30", "CHATHISTORY=200", "NETWORK=Piazza", "NICKLEN=x", "=", "", "CHATHISTORY=-1"]);

        Assert.False(features.IsChannel("&local"));
        Assert.True(features.IsChannel("#lobby"));
        Assert.False(features.IsChannel(string.Empty));
        Assert.Equal(30, features.NickLength);
        Assert.Equal(200, features.ChatHistoryLimit);
        Assert.Equal("Piazza", features.Network);
        Assert.Equal(new ChannelMember("bob", '~'), features.ParseMember("~bob"));
    }

    [Theory]
    [InlineData("@+bob", "bob", '@')]
    [InlineData("bob", "bob", null)]
    [InlineData("+bob!b@host", "bob", '+')]
    [InlineData("@", "", '@')]
    public void Names_entries_give_the_nick_and_its_highest_prefix(string entry, string nick, char? prefix) =>
        Assert.Equal(new ChannelMember(nick, prefix), new ServerFeatures().ParseMember(entry));
}
