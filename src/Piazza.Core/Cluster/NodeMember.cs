namespace Piazza.Core.Cluster;

/// <summary>A member of a room as the other nodes of a cluster know it: who it is and its status in that room.</summary>
/// <param name="Node">Its node's name in the cluster; empty for this node's own (the cluster link names it as it sends).</param>
/// <param name="Id">Its id on its node (<see cref="Member.Id"/>): with the node, what names it across the cluster.</param>
/// <param name="Nick">Its nickname.</param>
/// <param name="ChoseNick">Whether it chose it (a plain client without one is shown by its <paramref name="Address"/>).</param>
/// <param name="Address">The client's <c>ip:port</c>.</param>
/// <param name="Host">The client's IP address (IRC's host part).</param>
/// <param name="User">IRC's user part.</param>
/// <param name="RealName">IRC's real name.</param>
/// <param name="Account">The account it is logged in to, or null.</param>
public sealed record NodeMember(string Node, long Id, string Nick, bool ChoseNick, string Address, string Host, string User, string RealName, string? Account)
{
    /// <summary>Whether it operates the room (+o).</summary>
    public bool IsOperator { get; init; }

    /// <summary>Whether it has voice in the room (+v).</summary>
    public bool IsVoiced { get; init; }

    /// <summary>Its away message, or null when it is not away: given when its node describes it (WHOIS, USERHOST), not kept in rosters.</summary>
    public string? Away { get; init; }

    /// <summary>This node's member, as the others are told of it in <paramref name="room"/>.</summary>
    internal static NodeMember Of(Member member, Room? room) =>
        new(string.Empty, member.NodeMemberId, member.Nick, member.HasChosenNick, member.Address, member.Host, member.User, member.RealName, member.Account)
        {
            IsOperator = room?.IsOperator(member) == true,
            IsVoiced = room?.IsVoiced(member) == true,
            Away = member.Away,
        };
}
