using Piazza.Core.Bans;

namespace Piazza.Core.Tests;

/// <summary><see cref="RoomListMask"/>: list-mode entries, with the mute extban <c>m:</c> on +b and +e only.</summary>
public class RoomListMaskTests
{
    [Theory]
    [InlineData('b', "bob", "bob!*@*")]
    [InlineData('b', "m:bob", "m:bob!*@*")]
    [InlineData('e', "m:*@host", "m:*!*@host")]
    [InlineData('I', "*@host", "*!*@host")]
    public void Entries_are_completed_with_their_prefix_kept(char mode, string typed, string stored) =>
        Assert.Equal(stored, RoomListMask.TryNormalize(mode, typed));

    [Theory]
    [InlineData('I', "m:bob")]
    [InlineData('b', "m:")]
    [InlineData('b', "m:a!b!c")]
    [InlineData('b', "m:a b")]
    [InlineData('e', null)]
    public void Bad_entries_are_refused_without_throwing(char mode, string? typed) =>
        Assert.Null(RoomListMask.TryNormalize(mode, typed));

    [Fact]
    public void A_mute_entry_matches_by_the_mask_after_its_prefix()
    {
        var mute = new RoomBan("m:bob!*@*", "alice", DateTimeOffset.UnixEpoch);
        var ban = new RoomBan("bob!*@*", "alice", DateTimeOffset.UnixEpoch);

        Assert.True(mute.IsMute);
        Assert.Equal("bob!*@*", mute.Pattern);
        Assert.False(ban.IsMute);
        Assert.Equal("bob!*@*", ban.Pattern);
    }
}
