using Piazza.Core.Cluster;

namespace Piazza.Core;

/// <summary>
/// A member's away message, real name and account across the nodes of a cluster: those sharing a
/// room with it on another node see the change as on one server (IRC's away-notify, setname,
/// account-notify). Its nick's watchers on other nodes hear it through the nick's grain
/// (<c>ChatHub.ClusterMonitor.cs</c>); those also sharing a room hear it once, from here.
/// </summary>
public sealed partial class ChatHub
{
    /// <summary>
    /// This node's member changed its away message, real name or account: each other node with a
    /// member in one of its rooms is told once, through that node's mailbox (a member in several
    /// shared rooms sees it once, as here).
    /// </summary>
    private void PublishMemberChangeToNodes(ChatEvent changed)
    {
        var member = changed.Source;
        if (Cluster is not { } cluster || member.Node is not null || member.HasLeft)
        {
            return;
        }

        HashSet<string>? nodes = null;
        foreach (var room in member.Rooms)
        {
            foreach (var other in room.Members)
            {
                if (other.Node is { } node)
                {
                    (nodes ??= new(StringComparer.Ordinal)).Add(node);
                }
            }
        }

        if (nodes is null)
        {
            return;
        }

        var change = new NodeMemberChange(NodeMember.Of(member, room: null), changed.Kind, changed.Text, changed.Time);
        foreach (var node in nodes)
        {
            cluster.PublishMemberChange(node, change);
        }
    }

    /// <summary>
    /// A member of <paramref name="node"/> changed its away message, real name or account: its
    /// stand-in here takes it, and this node's members sharing a room with it see it. Nothing for a
    /// member this node keeps no stand-in of (it shares no room here any more), or another kind.
    /// </summary>
    public void ApplyMemberChangeFromNode(string node, NodeMemberChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Volatile.Read(ref _remoteRoster) is not { } roster || roster.Find(node, change.Member.Id) is not { HasLeft: false } standIn)
        {
            return;
        }

        switch (change.Kind)
        {
            case ChatEventKind.Away:
                standIn.Away = change.Text.Length == 0 ? null : change.Text;
                break;
            case ChatEventKind.RealNameChange:
                standIn.RealName = change.Text;
                break;
            case ChatEventKind.AccountChange:
                standIn.Account = change.Text.Length == 0 ? null : change.Text;
                break;
            default:
                return;
        }

        var changed = new ChatEvent(change.Kind, standIn, null, change.Text, change.At);
        DeliverTo(Audience(standIn.Rooms, standIn), changed);
    }

    /// <summary>This node's members sharing a room with the stand-in this node keeps for <paramref name="holder"/>, who hear its changes from its node (<see cref="ApplyMemberChangeFromNode"/>).</summary>
    private HashSet<Member> RoomAudienceOf(NodeMember holder) =>
        Volatile.Read(ref _remoteRoster)?.Find(holder.Node, holder.Id) is { } standIn ? Audience(standIn.Rooms, standIn) : [];
}
