using Piazza.Server.Irc;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>One client's capability set: CAP REQ parsing, all-or-nothing apply, and the tags it implies. No sockets.</summary>
public sealed class IrcCapabilitySetTests
{
    [Fact]
    public void A_new_set_has_nothing_enabled_and_offers_chathistory_only_with_history()
    {
        var withHistory = new IrcCapabilitySet(historyOn: true);
        var without = new IrcCapabilitySet(historyOn: false);

        Assert.Equal(IrcCaps.None, withHistory.Enabled);
        Assert.True(withHistory.Offered.HasFlag(IrcCaps.ChatHistory));
        Assert.False(without.Offered.HasFlag(IrcCaps.ChatHistory));
        Assert.Equal(withHistory.Offered & ~IrcCaps.ChatHistory, without.Offered);
        Assert.Equal(IrcTagMode.None, withHistory.TagMode);
    }

    [Theory]
    [InlineData("batch", "batch", "")]
    [InlineData("BATCH  -echo-message", "batch", "echo-message")]
    [InlineData("message-tags server-time", "message-tags server-time", "")]
    public void A_request_parses_into_caps_to_add_and_to_remove(string requested, string add, string remove)
    {
        Assert.True(IrcCapabilitySet.TryParseRequest(requested, out var added, out var removed));

        // Compared by wire names: IrcCaps is internal, and a public test method cannot take it.
        Assert.Equal(add, IrcCapNames.Names(added));
        Assert.Equal(remove, IrcCapNames.Names(removed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("batch no-such-cap")]
    [InlineData("-")]
    public void An_empty_request_or_one_unknown_name_is_refused(string requested)
    {
        Assert.False(IrcCapabilitySet.TryParseRequest(requested, out _, out _));
    }

    [Fact]
    public void A_request_applies_whole_or_not_at_all()
    {
        var caps = new IrcCapabilitySet(historyOn: false);

        Assert.True(caps.TryRequest("batch echo-message"));
        Assert.False(caps.TryRequest("-batch no-such-cap"));
        Assert.False(caps.TryRequest("server-time draft/chathistory"));

        Assert.Equal(IrcCaps.Batch | IrcCaps.EchoMessage, caps.Enabled);
        Assert.True(caps.TryRequest("-batch"));
        Assert.Equal(IrcCaps.EchoMessage, caps.Enabled);
        Assert.True(caps.Has(IrcCaps.EchoMessage));
        Assert.False(caps.Has(IrcCaps.EchoMessage | IrcCaps.Batch));
    }

    [Fact]
    public void Message_tags_mean_full_tags_and_server_time_alone_means_time()
    {
        var caps = new IrcCapabilitySet(historyOn: true);

        caps.TryRequest("server-time");
        Assert.Equal(IrcTagMode.Time, caps.TagMode);
        caps.TryRequest("message-tags");
        Assert.Equal(IrcTagMode.Full, caps.TagMode);
        caps.TryRequest("-server-time");
        Assert.Equal(IrcTagMode.Full, caps.TagMode);
    }

    [Fact]
    public void Cap_ls_302_enables_cap_notify_and_keeps_the_rest()
    {
        var caps = new IrcCapabilitySet(historyOn: true);
        caps.TryRequest("batch");

        caps.EnableCapNotify();

        Assert.Equal(IrcCaps.Batch | IrcCaps.CapNotify, caps.Enabled);
    }
}
