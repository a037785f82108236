using Piazza.Core.Cluster;

namespace Piazza.Core;

/// <summary>
/// A room's modes, its members' +o and +v and kicks across the nodes of a cluster: a room is one
/// room on every node, so what an operator does on one node holds on all of them, and only the
/// first member of a room on any node becomes its operator by being first.
/// </summary>
public sealed partial class ChatHub
{
    /// <summary>Whether the first member of a room here becomes its operator.</summary>
    private enum FirstJoiner
    {
        /// <summary>Yes: a single server, or the cluster said nobody is in the room.</summary>
        First,

        /// <summary>No: the cluster said the room has members on other nodes.</summary>
        NotFirst,

        /// <summary>Once the room's grain says nobody else is in it (<see cref="SettleFounder"/>): the cluster was not asked, or did not answer.</summary>
        AskTheCluster,
    }

    /// <summary>
    /// In a cluster, the room <paramref name="roomName"/> as the other nodes have it, when this node
    /// has no member in it: what a join here must pass and show. Null for a single server, a room
    /// with members here (this node follows it already), a bad name, or a cluster that did not answer.
    /// </summary>
    public async Task<NodeRoomView?> ViewFromNodesAsync(string roomName, CancellationToken cancellationToken = default)
    {
        if (Cluster is not { } cluster || RoomName.Validate(roomName, Options.MaxRoomNameLength, out var name) is not null || FindRoom(name) is { LocalCount: > 0 })
        {
            return null;
        }

        return await cluster.ViewRoomAsync(name, cancellationToken);
    }

    /// <summary>
    /// Completes once the other nodes know this node's members of <paramref name="room"/> (its
    /// grain has them), or after <see cref="ShareWait"/>: a join into a room new to this node
    /// waits for it before it is answered, so that who joins on another node after that answer
    /// finds this member there (and is not made the room's operator too).
    /// </summary>
    public async Task WhenSharedAsync(Room room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (Cluster is not { } cluster)
        {
            return;
        }

        try
        {
            await cluster.WhenSubscribedAsync(room.Name, cancellationToken).WaitAsync(ShareWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The cluster is slow or unreachable: the join is answered; the subscription follows when it can.
        }
    }

    /// <summary>How long a join into a room new to this node waits for the cluster to know of it (<see cref="WhenSharedAsync"/>).</summary>
    public static readonly TimeSpan ShareWait = TimeSpan.FromSeconds(3);

    /// <summary>The room's settings here (flags, key, limit, lists), as a node gives them to the room's grain when it subscribes; null when there is no such room here.</summary>
    public NodeRoomModes? RoomSettings(string roomName) => FindRoom(roomName) is { } room ? NodeRoomModes.Of(room) : null;

    /// <summary>
    /// Mode changes a member of <paramref name="node"/> made: this node's room takes them, and its
    /// members see them as from that member. A +o or +v names a member of any node; what holds
    /// here already is not shown again.
    /// </summary>
    public void ApplyModesFromNode(string node, NodeModes modes)
    {
        ArgumentNullException.ThrowIfNull(modes);
        if (Volatile.Read(ref _remoteRoster) is not { } roster || FollowedRoom(modes.Room) is not { } room)
        {
            return;
        }

        var applied = new List<ModeChange>(modes.Changes.Count);
        foreach (var change in modes.Changes)
        {
            if (TakeFromNode(room, change, modes.By.Nick, modes.At))
            {
                applied.Add(change);
            }
        }

        if (applied.Count > 0)
        {
            var setter = roster.SenderOf(node, modes.By);
            room.Broadcast(new ChatEvent(ChatEventKind.ModeChange, setter, room, string.Empty, modes.At) { Modes = applied }, except: null);
        }
    }

    /// <summary>
    /// The room's settings as the cluster has them (its grain tells a node that subscribes): this
    /// node's room takes them, and its registration when they carry one, and its members see the
    /// difference in modes as a change ChanServ made.
    /// </summary>
    public void AdoptSettingsFromNodes(string roomName, NodeRoomModes settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (FollowedRoom(roomName) is not { } room)
        {
            return;
        }

        var changes = settings.ChangesFrom(NodeRoomModes.Of(room));
        if (changes.Count == 0 && (settings.Registration is null || settings.Registration.Equals(room.Registration)))
        {
            return;
        }

        room.SetSettings(settings);
        if (changes.Count > 0)
        {
            room.Broadcast(new ChatEvent(ChatEventKind.ModeChange, ChanServ, room, string.Empty, _time.GetUtcNow()) { Modes = changes }, except: null);
        }
    }

    /// <summary>
    /// The room's grain told this node, as it subscribed, whether other nodes have members in the
    /// room or one is making it (its grain told that node its joiner is first): when none is, the
    /// member who made the room here becomes its operator (ChanServ gives +o, and the other nodes
    /// hear of it), as the first member of an empty room is on one server.
    /// Never when someone was there already: a room is not taken by being first on one node.
    /// </summary>
    public void SettleFounder(string roomName, bool othersPresent)
    {
        if (FindRoom(roomName) is not { } room || room.TakeFounderToBe() is not { } founder || othersPresent || founder.HasLeft)
        {
            return;
        }

        if (!room.SetStatus(founder, 'o', add: true, out var changed) || !changed)
        {
            return;
        }

        var opped = OperatorOnJoin(room, founder);
        room.Broadcast(opped, except: null);
        PublishModes(room, opped.Modes!, ChanServ, opped.Time);
    }

    /// <summary>
    /// A member of <paramref name="node"/> kicked a member of this node (<see cref="NodeRosterChange.Member"/>,
    /// by its id here): it leaves the room, and this node's members of the room (it too) see the kick.
    /// </summary>
    public void ApplyKickOfOwnFromNode(string node, NodeRosterChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Volatile.Read(ref _remoteRoster) is not { } roster || !_members.TryGetValue(change.Member.Id, out var target)
            || FindRoom(change.Room) is not { } room || !room.Contains(target) || target.Node is not null)
        {
            return;
        }

        var kicker = change.By is { } by ? roster.SenderOf(node, by) : ChanServ;
        var kicked = new ChatEvent(ChatEventKind.Kick, kicker, room, change.Text, _time.GetUtcNow(), target);
        room.Broadcast(kicked, except: null);
        ForgetRoom(target, room);
        Leave(room, target);
    }

    /// <summary>
    /// A room with no member here takes what the cluster has of it (settings, registration, topic),
    /// before anyone joins it here; true when it has members on other nodes, or another node's
    /// joiner is making it (its first member here is not its first).
    /// </summary>
    private bool TakeView(Room room, NodeRoomView view)
    {
        if (view.Settings is { } settings)
        {
            room.SetSettings(settings);
        }

        if (view.Topic is { } topic)
        {
            TakeTopic(room, topic);
        }

        return view.Members.Count > 0 || view.FoundedElsewhere;
    }

    /// <summary>
    /// A member of <paramref name="node"/> invited a member of this node (by its id here, or its
    /// nick when the inviter's node located it) to a room: the invitation lets it past +i, +k, +l
    /// and bans as one given here would, and it is told (the room need not be on this node).
    /// </summary>
    public void ApplyInviteFromNode(string node, NodeInvite invite)
    {
        ArgumentNullException.ThrowIfNull(invite);
        if (Volatile.Read(ref _remoteRoster) is not { } roster
            || (invite.Target.Id != 0 ? _members.GetValueOrDefault(invite.Target.Id) : FindNick(invite.Target.Nick)) is not { } target || target.HasLeft)
        {
            return;
        }

        lock (target.Gate)
        {
            var invites = target.InvitesFromNodes ??= [];
            if (!invites.Contains(invite.Room, RoomName.Comparer))
            {
                if (invites.Count >= MaxInvitesFromNodes)
                {
                    invites.RemoveAt(0);
                }

                invites.Add(invite.Room);
            }
        }

        // The room as the invitation names it: this node's, or one made only to show it.
        var room = FindRoom(invite.Room) ?? new Room(invite.Room, isDefault: false, isPermanent: false, RoomModes.None, invite.At, Counters);
        target.Sink.Deliver(new ChatEvent(ChatEventKind.Invite, roster.SenderOf(node, invite.By), room, string.Empty, invite.At, target));
    }

    /// <summary>The most invitations from other nodes a member keeps (the oldest goes first).</summary>
    private const int MaxInvitesFromNodes = 32;

    /// <summary>Whether a member of another node invited <paramref name="member"/> to <paramref name="roomName"/>.</summary>
    private static bool WasInvitedFromNode(Member member, string roomName)
    {
        lock (member.Gate)
        {
            return member.InvitesFromNodes?.Contains(roomName, RoomName.Comparer) == true;
        }
    }

    /// <summary>The member of <paramref name="room"/> named <paramref name="nick"/>: this node's, or in a cluster another node's shown in the room.</summary>
    private Member? FindInRoom(Room room, string nick)
    {
        if (FindNick(nick) is { } local)
        {
            return local;
        }

        foreach (var remote in room.RemoteMembers)
        {
            if (NickName.Comparer.Equals(remote.Nick, nick))
            {
                return remote;
            }
        }

        return null;
    }

    /// <summary>Puts another node's member out of the room: this node shows the kick and forgets it there; its node and the others hear of it.</summary>
    private void KickOnItsNode(Member member, Room room, Member target, ChatEvent kicked)
    {
        room.Broadcast(kicked, except: member);
        Volatile.Read(ref _remoteRoster)?.Kicked(target, room);
        Cluster?.PublishRoster(new NodeRosterChange(room.Name, ChatEventKind.Kick, NodeMember.Of(target, room) with { Node = target.Node! }, kicked.Text) { By = NodeMember.Of(member, null) });
    }

    /// <summary>Tells the other nodes of mode changes made here.</summary>
    private void PublishModes(Room room, IReadOnlyList<ModeChange> applied, Member by, DateTimeOffset at) =>
        Cluster?.PublishModes(new NodeModes(room.Name, applied, NodeMember.Of(by, null), at));

    /// <summary>One change another node made, taken here; false when it changed nothing here (the member is not in the room, the mode was so already).</summary>
    private bool TakeFromNode(Room room, ModeChange change, string by, DateTimeOffset at)
    {
        switch (change.Mode)
        {
            case 'o' or 'v':
                return change.Argument is { } nick && FindInRoom(room, nick) is { } member
                    && room.SetStatus(member, change.Mode, change.Add, out var changed) && changed;
            case 'b' or 'e' or 'I':
                return change.Argument is { } mask
                    && (change.Add ? room.AddToList(change.Mode, new RoomBan(mask, by, at), int.MaxValue) : room.RemoveFromList(change.Mode, mask));
            default:
                var before = room.Modes;
                var after = before.With(change);
                if (after == before)
                {
                    return false;
                }

                room.SetModes(after);
                return true;
        }
    }
}
