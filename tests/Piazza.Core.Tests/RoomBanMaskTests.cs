using Piazza.Core;
using Piazza.Core.Bans;

namespace Piazza.Core.Tests;

/// <summary>
/// What a room operator types after +b, as the hub stores it: completed by <see cref="BanMask.TryNormalize"/>
/// (the rule server bans use too), or refused when it is no mask.
/// </summary>
public class RoomBanMaskTests
{
    private readonly ChatHub _hub = TestChat.NewHub();
    private readonly Client _alice;
    private readonly Room _dev;

    public RoomBanMaskTests()
    {
        _alice = _hub.ConnectAs("alice");
        _dev = _hub.JoinOk(_alice, "dev");
    }

    /// <summary>Each missing or empty part is "*" (Ergo's rule): "bob!" is bob!*@*, not bob!@* (which would match no one).</summary>
    [Theory]
    [InlineData("bob", "bob!*@*")]
    [InlineData("bob!", "bob!*@*")]
    [InlineData("bob!x", "bob!x@*")]
    [InlineData("bob!@h", "bob!*@h")]
    [InlineData("!u", "*!u@*")]
    [InlineData("*@1.2.3.4", "*!*@1.2.3.4")]
    [InlineData("u@h", "*!u@h")]
    [InlineData("@h", "*!*@h")]
    [InlineData("bob!~u@h", "bob!~u@h")]
    [InlineData("*!*@*", "*!*@*")]
    [InlineData("host.example.com", "host.example.com!*@*")] // a word without ! or @ is a nick
    public void A_typed_mask_is_stored_complete_and_announced_so(string typed, string stored)
    {
        ModeChange[] changes = [new(true, 'b', typed)];

        Assert.Equal(ChatError.None, _hub.SetModes(_alice.Member, _dev, changes, out var errors, out var changed));

        Assert.Empty(errors);
        Assert.Equal(stored, Assert.Single(_dev.Bans).Mask);
        Assert.Equal([new ModeChange(true, 'b', stored)], changed?.Modes);
    }

    [Fact]
    public void The_typed_form_lifts_the_ban_it_set()
    {
        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'b', "bob!"));

        _hub.SetModes(_alice.Member, _dev, [new ModeChange(false, 'b', "BOB")], out var errors, out var changed);

        Assert.Empty(errors);
        Assert.Empty(_dev.Bans);
        Assert.Equal([new ModeChange(false, 'b', "BOB!*@*")], changed?.Modes);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("two words")]
    [InlineData("bob\0")]
    [InlineData("bob\r\n")]
    [InlineData("a,b")]
    [InlineData("a!b!c@d")]
    [InlineData("a@b!c")]
    [InlineData("*!*@h@x")]
    public void What_is_no_mask_is_refused(string typed)
    {
        var change = new ModeChange(true, 'b', typed);

        _hub.SetModes(_alice.Member, _dev, [change], out var errors, out var changed);

        Assert.Equal([(change, ChatError.InvalidModeArgument)], errors);
        Assert.Null(changed);
        Assert.Empty(_dev.Bans);
    }

    [Fact]
    public void A_mask_longer_than_MaxLength_is_refused_and_one_of_MaxLength_is_taken()
    {
        var longest = "*!*@" + new string('h', BanMask.MaxLength - 4);
        var change = new ModeChange(true, 'b', longest + "h");

        _hub.SetModes(_alice.Member, _dev, [change], out var errors, out _);
        Assert.Equal([(change, ChatError.InvalidModeArgument)], errors);

        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'b', longest));
        Assert.Equal(longest, Assert.Single(_dev.Bans).Mask);
    }

    [Fact]
    public void Masks_are_one_ban_when_they_differ_in_ASCII_case_only()
    {
        // CASEMAPPING=ascii: 'X' is 'x', but 'É' and 'é' are different characters, as the matcher sees them.
        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'b', "x!\u00c9@*"), new ModeChange(true, 'b', "x!\u00e9@*"), new ModeChange(true, 'b', "X!\u00c9@*"));

        Assert.Equal(["x!\u00c9@*", "x!\u00e9@*"], _dev.Bans.Select(b => b.Mask));
    }
}
