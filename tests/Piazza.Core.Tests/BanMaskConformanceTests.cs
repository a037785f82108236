using System.Net;

using Piazza.Core;
using Piazza.Core.Bans;

namespace Piazza.Core.Tests;

/// <summary>
/// The ircdocs mask cases (<see cref="MaskMatchCases"/>) through what production runs: a +b as a
/// protocol hands it to the hub then <see cref="Room.IsBanned"/>, and a server ban as KLINE and
/// /ban read it (<see cref="ServerBanMask.TryNormalize(string, out ServerBanKind, out string?)"/>)
/// then <see cref="ServerBanList.FindFor"/>.
/// </summary>
public class BanMaskConformanceTests
{
    [Theory]
    [MemberData(nameof(MaskMatchCases.AsBans), MemberType = typeof(MaskMatchCases))]
    public void Room_bans_follow_the_ircdocs_cases(string typed, string nickUserHost, bool matches)
    {
        var hub = TestChat.NewHub();
        var op = hub.ConnectAs("op");
        var room = hub.JoinOk(op, "dev");
        var target = ConnectAs(hub, nickUserHost);

        Assert.Empty(hub.SetModesOk(op, room, new ModeChange(true, 'b', typed)));

        Assert.Equal(nickUserHost, target.Member.BanIdentity);
        Assert.Equal(matches, room.IsBanned(target.Member));
    }

    [Theory]
    [MemberData(nameof(MaskMatchCases.AsBans), MemberType = typeof(MaskMatchCases))]
    public void Server_bans_follow_the_ircdocs_cases(string typed, string nickUserHost, bool matches)
    {
        var bans = new ServerBanList(new InMemoryServerBanStore(), TimeProvider.System);
        var mask = ServerBanMask.TryNormalize(typed, out var kind, out var why);
        Assert.Null(why);
        Assert.True(bans.TryAdd(new ServerBan(Assert.IsType<string>(mask), kind, "r", "root", DateTimeOffset.UnixEpoch, null)));

        var host = nickUserHost[(nickUserHost.IndexOf('@', StringComparison.Ordinal) + 1)..];
        Assert.Equal(matches, bans.FindFor(nickUserHost, host) is not null);
    }

    /// <summary>Stored masks are matched as they are, so the file's raw masks hold for a stored server ban as written.</summary>
    [Theory]
    [MemberData(nameof(MaskMatchCases.IrcDocs), MemberType = typeof(MaskMatchCases))]
    public void A_stored_server_ban_matches_the_raw_ircdocs_masks(string mask, string nickUserHost, bool matches)
    {
        var ban = new ServerBan(mask, ServerBanKind.Mask, "r", "root", DateTimeOffset.UnixEpoch, null);

        Assert.Equal(matches, ban.AppliesTo(nickUserHost, IPAddress.Loopback));
    }

    [Fact]
    public void Typed_as_a_room_ban_cool_star_at_star_is_a_user_mask()
    {
        var hub = TestChat.NewHub();
        var op = hub.ConnectAs("op");
        var room = hub.JoinOk(op, "dev");
        var coolguy = ConnectAs(hub, "coolguy!ab@127.0.0.1");
        var someone = ConnectAs(hub, "someone!coolio@127.0.0.1");

        hub.SetModesOk(op, room, new ModeChange(true, 'b', "cool*@*"));

        Assert.Equal("*!cool*@*", Assert.Single(room.Bans).Mask);
        Assert.False(room.IsBanned(coolguy.Member));
        Assert.True(room.IsBanned(someone.Member));
    }

    private static Client ConnectAs(ChatHub hub, string nickUserHost)
    {
        var bang = nickUserHost.IndexOf('!', StringComparison.Ordinal);
        var at = nickUserHost.IndexOf('@', StringComparison.Ordinal);
        return hub.ConnectAs(nickUserHost[..bang], nickUserHost[(bang + 1)..at], nickUserHost[(at + 1)..]);
    }
}
