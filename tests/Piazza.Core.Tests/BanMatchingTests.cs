using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>
/// <see cref="Room.IsBanned"/>: IRC globs ('*', '?', ASCII case-insensitive) over
/// <c>nick!user@host</c>, and the ban list's copy-on-write snapshots.
/// </summary>
public class BanMatchingTests
{
    private readonly ChatHub _hub = TestChat.NewHub();
    private readonly Client _alice;
    private readonly Client _bob;
    private readonly Room _dev;

    public BanMatchingTests()
    {
        _alice = _hub.ConnectAs("alice");
        _bob = _hub.ConnectAs("Bob", user: "~bobby", host: "10.0.0.1"); // Bob!~bobby@10.0.0.1
        _dev = _hub.JoinOk(_alice, "dev");
        _hub.JoinOk(_bob, "dev");
    }

    [Theory]
    [InlineData("Bob!~bobby@10.0.0.1")]
    [InlineData("bob!*@*")]
    [InlineData("BOB!*@*")]
    [InlineData("*!*@10.0.0.1")]
    [InlineData("*!~bobby@*")]
    [InlineData("*!~BOBBY@*")]
    [InlineData("*!*@10.0.0.*")]
    [InlineData("*!*@10.*.1")]
    [InlineData("b?b!*@*")]
    [InlineData("???!*@*")]
    [InlineData("*b*!*@*")]
    [InlineData("*!*@*")]
    [InlineData("*")]
    [InlineData("**!**@**")]
    [InlineData("*o*b*!*@*")]
    [InlineData("bob")] // the hub completes a bare nick to bob!*@*
    public void A_mask_that_covers_the_member_bans_it(string mask)
    {
        Ban(mask);

        Assert.True(_dev.IsBanned(_bob.Member));
    }

    [Theory]
    [InlineData("bo!*@*")]
    [InlineData("bobb!*@*")]
    [InlineData("?bob!*@*")]
    [InlineData("bob!*@10.0.0.2")]
    [InlineData("bob!*@10.0.0.1?")]
    [InlineData("*!~bob@*")]
    [InlineData("*!*@10.0.0.10")]
    [InlineData("*x*!*@*")]
    public void A_mask_that_does_not_cover_the_member_does_not_ban_it(string mask)
    {
        Ban(mask);

        Assert.False(_dev.IsBanned(_bob.Member));
    }

    [Fact]
    public void No_bans_ban_no_one()
    {
        Assert.Empty(_dev.Bans);
        Assert.False(_dev.IsBanned(_bob.Member));
    }

    [Fact]
    public void Any_matching_ban_of_several_bans()
    {
        Ban("carol!*@*");
        Ban("*!*@10.0.0.1");

        Assert.True(_dev.IsBanned(_bob.Member));
        Assert.False(_dev.IsBanned(_alice.Member));
    }

    [Fact]
    public void A_nick_ban_follows_the_nick_not_the_member()
    {
        Ban("bob!*@*");

        Assert.Equal(ChatError.None, _hub.ChangeNick(_bob.Member, "robert", out _));
        Assert.False(_dev.IsBanned(_bob.Member));

        Assert.Equal(ChatError.None, _hub.ChangeNick(_alice.Member, "BOB", out _));
        Assert.True(_dev.IsBanned(_alice.Member));
    }

    [Fact]
    public void Lifting_the_ban_unbans()
    {
        Ban("bob!*@*");

        _hub.SetModesOk(_alice, _dev, new ModeChange(false, 'b', "bob!*@*"));

        Assert.False(_dev.IsBanned(_bob.Member));
    }

    [Fact]
    public void The_ban_list_is_a_snapshot_that_later_changes_do_not_touch()
    {
        var none = _dev.Bans;
        Ban("a!*@*");
        var one = _dev.Bans;

        Ban("b!*@*");
        _hub.SetModesOk(_alice, _dev, new ModeChange(false, 'b', "a!*@*"));

        Assert.Empty(none);
        Assert.Equal(["a!*@*"], one.Select(b => b.Mask));
        Assert.Equal(["b!*@*"], _dev.Bans.Select(b => b.Mask));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_mask_with_many_stars_needs_backtracking_and_answers_right(bool endsInB)
    {
        var nick = new string('a', 29) + (endsInB ? "b" : "a");
        var target = _hub.ConnectAs(nick);
        _hub.JoinOk(target, "dev");

        Ban("*a*a*a*a*a*a*a*a*a*a*b!*@*");

        Assert.Equal(endsInB, _dev.IsBanned(target.Member));
    }

    [Fact]
    public void A_star_in_the_mask_is_a_wildcard_even_facing_a_star_in_the_text()
    {
        var carol = _hub.ConnectAs("carol", user: "~*x", host: "10.0.0.5");
        _hub.JoinOk(carol, "dev");

        Ban("*!~*@*");

        Assert.True(_dev.IsBanned(carol.Member));
    }

    private void Ban(string mask) => Assert.Empty(_hub.SetModesOk(_alice, _dev, new ModeChange(true, 'b', mask)));
}
