using System.Net;

using Piazza.Core;
using Piazza.Core.Bans;

namespace Piazza.Core.Tests;

/// <summary>Server bans: reading targets, matching addresses and masks, expiry, and cutting members.</summary>
public class ServerBanTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.5/32", ServerBanKind.Address)]
    [InlineData("10.0.0.5/8", "10.0.0.0/8", ServerBanKind.Address)]
    [InlineData("::ffff:10.0.0.5", "10.0.0.5/32", ServerBanKind.Address)]
    [InlineData("2001:db8::1/64", "2001:db8::/64", ServerBanKind.Address)]
    [InlineData("spammer", "spammer!*@*", ServerBanKind.Mask)]
    [InlineData("*@10.0.0.*", "*!*@10.0.0.*", ServerBanKind.Mask)]
    [InlineData("bad!user", "bad!user@*", ServerBanKind.Mask)]
    [InlineData("*!*@host.example", "*!*@host.example", ServerBanKind.Mask)]
    [InlineData("bad!", "bad!*@*", ServerBanKind.Mask)] // the rule room bans use: an empty part is "*"
    [InlineData("!user", "*!user@*", ServerBanKind.Mask)]
    public void Targets_are_read_and_normalised(string typed, string normalised, ServerBanKind kind)
    {
        Assert.Equal(normalised, ServerBanMask.TryNormalize(typed, out var found, out var why));
        Assert.Equal(kind, found);
        Assert.Null(why);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/x")]
    [InlineData("#room")]
    [InlineData("a!b!c@d")]
    [InlineData("a@b!c")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    [InlineData("10.0.0.1\0")]
    [InlineData("*!*@h@x")]
    public void Bad_targets_are_refused_with_a_reason(string typed)
    {
        Assert.Null(ServerBanMask.TryNormalize(typed, out _, out var why));
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public void An_overlong_target_is_refused()
    {
        Assert.Null(ServerBanMask.TryNormalize(new string('a', ServerBanMask.MaxLength + 1), out _, out _));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("127.0.0.2/32", "127.0.0.2", true)]
    [InlineData("127.0.0.2/32", "127.0.0.1", false)]
    [InlineData("127.0.0.2/32", "::ffff:127.0.0.2", true)]
    [InlineData("2001:db8::/64", "2001:db8::dead:beef", true)]
    [InlineData("2001:db8::/64", "2001:db8:0:1::1", false)]
    [InlineData("10.0.0.0/8", "::1", false)]
    public void Address_bans_hold_the_addresses_in_their_block(string block, string address, bool held)
    {
        var ban = new ServerBan(block, ServerBanKind.Address, "r", "root", Start, null);

        Assert.Equal(held, ban.Holds(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("spammer!*@*", "Spammer!~x@10.0.0.1", true)]
    [InlineData("spammer!*@*", "spammer2!~x@10.0.0.1", false)]
    [InlineData("*!*@10.0.0.*", "anyone!~plain@10.0.0.77", true)]
    [InlineData("*!~plain@*", "Guest3!~plain@127.0.0.1", true)]
    [InlineData("*!~plain@*", "bob!~bob@127.0.0.1", false)]
    public void Mask_bans_match_nick_user_host_ignoring_case(string mask, string nickUserHost, bool matches)
    {
        var ban = new ServerBan(mask, ServerBanKind.Mask, "r", "root", Start, null);

        Assert.Equal(matches, ban.AppliesTo(nickUserHost, IPAddress.Loopback));
    }

    [Theory]
    [InlineData("60", 60 * 60)]
    [InlineData("30s", 30)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("7d", 7 * 86400)]
    [InlineData("1w", 7 * 86400)]
    [InlineData("1H", 3600)]
    public void Durations_are_minutes_or_carry_a_unit(string typed, int seconds)
    {
        Assert.True(BanDuration.TryParse(typed, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("10x")]
    [InlineData("-5")]
    [InlineData("99999999999")]
    [InlineData("m")]
    public void Things_that_are_no_duration_are_refused(string typed)
    {
        Assert.False(BanDuration.TryParse(typed, out _));
    }

    [Fact]
    public void Zero_means_until_lifted_and_huge_is_capped()
    {
        Assert.True(BanDuration.TryParse("0", out var never));
        Assert.Null(never);
        Assert.True(BanDuration.TryParse("999999w", out var capped));
        Assert.Equal(TimeSpan.FromDays(3650), capped);
    }

    [Fact]
    public async Task An_expired_ban_stops_applying_by_the_injected_clock()
    {
        var clock = new ManualClock(Start);
        var bans = new ServerBanList(new InMemoryServerBanStore(), clock);
        var ban = new ServerBan("10.0.0.0/8", ServerBanKind.Address, "r", "root", Start, Start + TimeSpan.FromMinutes(10));
        Assert.True(bans.TryAdd(ban));
        await bans.StoreAsync(ban);

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Same(ban, bans.FindForAddress(IPAddress.Parse("10.1.2.3")));
        Assert.Same(ban, bans.FindFor("x!y@10.1.2.3", "10.1.2.3"));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(bans.FindForAddress(IPAddress.Parse("10.1.2.3")));
        Assert.Null(bans.FindFor("x!y@10.1.2.3", "10.1.2.3"));
        Assert.Empty(bans.Active);
    }

    [Fact]
    public async Task Loading_drops_and_deletes_expired_bans()
    {
        var clock = new ManualClock(Start);
        var store = new InMemoryServerBanStore();
        await store.SaveAsync(new ServerBan("old!*@*", ServerBanKind.Mask, "r", "root", Start, Start + TimeSpan.FromMinutes(1)));
        await store.SaveAsync(new ServerBan("new!*@*", ServerBanKind.Mask, "r", "root", Start, null));
        clock.Advance(TimeSpan.FromMinutes(2));

        var bans = new ServerBanList(store, clock);
        await bans.LoadAsync();

        Assert.Equal(["new!*@*"], bans.Active.Select(b => b.Mask));
        Assert.Equal(["new!*@*"], (await store.LoadAsync()).Select(b => b.Mask));
    }

    [Fact]
    public async Task A_ban_cuts_matching_members_but_not_operators_and_unban_lifts_it()
    {
        var hub = new ChatHub(new ChatOptions(), new ManualClock(Start));
        var root = hub.ConnectAs("root", host: "10.0.0.1");
        hub.MakeServerOperator(root.Member, "root");
        var spammer = hub.ConnectAs("spammer", host: "10.0.0.2");
        var bystander = hub.ConnectAs("bystander", host: "192.168.0.1");

        var result = await hub.BanAsync(root.Member, "10.0.0.0/24", kind: null, TimeSpan.FromHours(1), "spam");

        Assert.Equal(ChatError.None, result.Error);
        Assert.Equal(1, result.Cut);
        Assert.Equal(["Banned (spam)"], spammer.Sink.CloseReasons);
        Assert.Empty(root.Sink.CloseReasons);
        Assert.Empty(bystander.Sink.CloseReasons);
        Assert.Null(hub.BanFor(root.Member));
        Assert.Equal(Start + TimeSpan.FromHours(1), result.Ban!.ExpiresAt);

        Assert.Equal(ChatError.None, (await hub.UnbanAsync(root.Member, "10.0.0.7/24")).Error);
        Assert.Null(hub.ServerBans.FindForAddress(IPAddress.Parse("10.0.0.2")));
        Assert.Equal(ChatError.NoSuchBan, (await hub.UnbanAsync(root.Member, "10.0.0.0/24")).Error);
    }

    [Fact]
    public async Task Only_server_operators_ban_and_a_kline_takes_no_address()
    {
        var hub = TestChat.NewHub();
        var alice = hub.ConnectAs("alice");
        var root = hub.ConnectAs("root");
        hub.MakeServerOperator(root.Member, "root");

        Assert.Equal(ChatError.NotServerOperator, (await hub.BanAsync(alice.Member, "bob", null, null, "x")).Error);
        Assert.Equal(ChatError.NotServerOperator, (await hub.UnbanAsync(alice.Member, "bob")).Error);
        var wrongKind = await hub.BanAsync(root.Member, "10.0.0.1", ServerBanKind.Mask, null, "x");
        Assert.Equal(ChatError.InvalidModeArgument, wrongKind.Error);
        Assert.Contains("DLINE", wrongKind.Problem, StringComparison.Ordinal);
        Assert.Empty(hub.ServerBans.Active);
    }
}
