using Piazza.Core.Cluster;

namespace Piazza.Core;

/// <summary>
/// A room's rename across the nodes of a cluster: one node renames it and moves its history; the
/// others rename their room as it passes through the old name's grain, and every node then
/// follows the room under its new name (the new name's grain).
/// </summary>
public sealed partial class ChatHub
{
    /// <summary>
    /// <see cref="Rename(Member, Room, string, string, out ChatEvent?)"/>, which in a cluster first
    /// asks the new name's grain whether a room of another node has that name (members there, a
    /// registration, or a joiner making it now): then it is refused as in use, as a room of this
    /// node's would be. A name that differs only in case is the room's own. When the cluster does
    /// not answer, the rename goes on with what this node knows, as a join does. It is answered
    /// once the new name's grain knows this node's members (<see cref="WhenSharedAsync"/>).
    /// </summary>
    public async ValueTask<(ChatError Error, ChatEvent? Renamed)> RenameAsync(Member member, Room room, string newName, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (Cluster is { } cluster && RenameRefusal(member, room, newName, out var name) == ChatError.None
            && !RoomName.Comparer.Equals(name, room.Name) && FindRoom(name) is null
            && await cluster.ViewRoomAsync(name, cancellationToken) is { } there
            && (there.Members.Count > 0 || there.FoundedElsewhere || there.Settings?.Registration is not null))
        {
            return (ChatError.RoomNameInUse, null);
        }

        var error = Rename(member, room, newName, reason, out var renamed);
        if (error == ChatError.None && Cluster is not null && !RoomName.Comparer.Equals(renamed!.RenamedFrom, room.Name))
        {
            // As a join into a room new to this node: answered once the new name's grain has this
            // node's members, so whoever joins the new name on another node after it finds them.
            await WhenSharedAsync(room, cancellationToken);
        }

        return (error, renamed);
    }

    /// <summary>
    /// A member of <paramref name="node"/> renamed a room this node follows: the room here takes
    /// the new name (members, modes, topic, bans and registration stay with it), its members see
    /// the rename as from that member, and this node follows it under the new name. The history
    /// and the registration in the store were moved by that node. Nothing happens for a room this
    /// node does not follow, or when another room here has the new name.
    /// </summary>
    public void ApplyRenameFromNode(string node, NodeRename rename)
    {
        ArgumentNullException.ThrowIfNull(rename);
        if (Volatile.Read(ref _remoteRoster) is not { } roster || FollowedRoom(rename.Room) is not { } room
            || RoomName.Validate(rename.NewName, Options.MaxRoomNameLength, out var name) is not null
            || room.Rename(name, (from, to) => MoveRoom(room, from, to, stored: false), out var oldName) != ChatError.None)
        {
            return;
        }

        var renamer = roster.SenderOf(node, rename.By);
        room.Broadcast(new ChatEvent(ChatEventKind.RoomRename, renamer, room, Cut(rename.Reason), rename.At) { RenamedFrom = oldName }, except: null);
        MoveFollowing(oldName, room);
    }

    /// <summary>Tells the other nodes of a rename made here, and follows the room under its new name.</summary>
    private void PublishRename(Room room, string oldName, Member member, ChatEvent renamed)
    {
        if (Cluster is not { } cluster)
        {
            return;
        }

        // Through the old name's grain, after the room's earlier messages; then the new name's
        // grain is given the room's roster, settings and registration (subscribing) and its topic.
        cluster.PublishRename(new NodeRename(oldName, room.Name, NodeMember.Of(member, null), renamed.Text, renamed.Time));
        MoveFollowing(oldName, room);
        if (room.Topic is { } topic)
        {
            var setter = new NodeMember(string.Empty, 0, topic.SetBy, true, "*", "*", "*", string.Empty, null);
            cluster.PublishTopic(new NodeTopic(room.Name, topic.Text, setter, topic.SetAt));
        }
    }

    /// <summary>This node follows <paramref name="room"/> under its new name, no longer under <paramref name="oldName"/> (unless only its case changed: one grain).</summary>
    private void MoveFollowing(string oldName, Room room)
    {
        if (RoomName.Comparer.Equals(oldName, room.Name))
        {
            return;
        }

        Cluster?.RoomVacated(oldName);
        Cluster?.RoomOccupied(room.Name);
    }
}
