namespace Piazza.Core.Cluster;

/// <summary>
/// The other nodes' members of the rooms this node has members in: one stand-in
/// <see cref="Member"/> per member of another node (<see cref="Member.Node"/> set, no session
/// here), put in and taken out of rooms as that node reports, and announced to this node's
/// members as any member's join, part, kick, quit or nick change would be.
/// </summary>
/// <remarks>
/// Every change runs under one lock: they come from the room grains' deliveries (several rooms at
/// once) and from this node's rooms emptying, and are rare next to messages. Lock order: this
/// lock, then a member's gate, then a room's. The reports of a node declared lost are ignored
/// from then on, so a late delivery cannot bring back a member of a dead node.
/// </remarks>
/// <param name="time">The hub's clock.</param>
/// <param name="nextMemberId">Gives each stand-in a member id of this hub's.</param>
/// <param name="operatorOnJoin">ChanServ's +o of a registered room's operator account on joining, as the hub shows it.</param>
internal sealed class RemoteRoster(TimeProvider time, Func<long> nextMemberId, Func<Room, Member, ChatEvent> operatorOnJoin)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Node, long Id), Member> _members = [];
    private readonly HashSet<string> _lost = new(StringComparer.Ordinal);

    /// <summary>How many members of other nodes this node keeps now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _members.Count;
            }
        }
    }

    /// <summary>Whether <paramref name="node"/> was declared lost (<see cref="DropNode"/>): what it reports is ignored.</summary>
    public bool IsLost(string node)
    {
        lock (_gate)
        {
            return _lost.Contains(node);
        }
    }

    /// <summary>The stand-in for <paramref name="id"/> of <paramref name="node"/>, if this node keeps one.</summary>
    public Member? Find(string node, long id)
    {
        lock (_gate)
        {
            return _members.GetValueOrDefault((node, id));
        }
    }

    /// <summary>The stand-in whose nick is <paramref name="nick"/> (as the hub compares nicks), if this node keeps one.</summary>
    public Member? FindByNick(string nick)
    {
        lock (_gate)
        {
            foreach (var member in _members.Values)
            {
                if (NickName.Comparer.Equals(member.Nick, nick))
                {
                    return member;
                }
            }

            return null;
        }
    }

    /// <summary>The stand-in for a sender of <paramref name="node"/> this node keeps, or a new one for this message only.</summary>
    public Member SenderOf(string node, NodeMember who)
    {
        lock (_gate)
        {
            return _members.GetValueOrDefault((node, who.Id)) ?? StandIn(node, who);
        }
    }

    /// <summary>A stand-in for the member of <paramref name="node"/> holding <paramref name="nick"/>, for one private message (this node shows it in no room, and keeps it nowhere).</summary>
    public Member Located(string node, string nick) => Described(new NodeMember(node, 0, nick, true, "*", "*", "*", string.Empty, null));

    /// <summary>A stand-in for a member of another node as that node described it (WHOIS), kept nowhere.</summary>
    public Member Described(NodeMember who)
    {
        var member = StandIn(who.Node, who);
        member.Away = who.Away;
        return member;
    }

    /// <summary>Applies one change another node reported in <paramref name="room"/>.</summary>
    public void Apply(string node, Room room, NodeRosterChange change)
    {
        lock (_gate)
        {
            if (_lost.Contains(node))
            {
                return;
            }

            switch (change.Kind)
            {
                case ChatEventKind.Join:
                    Add(node, change.Member, room);
                    break;
                case ChatEventKind.Part or ChatEventKind.Quit or ChatEventKind.Kick:
                    // A kick names the kicked member's node, which need not be the kicker's.
                    var of = change.Member.Node is { Length: > 0 } named ? named : node;
                    if (_members.GetValueOrDefault((of, change.Member.Id)) is { } leaving)
                    {
                        var kicker = change.By is { } by ? _members.GetValueOrDefault((node, by.Id)) ?? StandIn(node, by) : null;
                        Remove(leaving, room, change.Kind, change.Text, kicker);
                    }

                    break;
                case ChatEventKind.NickChange:
                    if (_members.GetValueOrDefault((node, change.Member.Id)) is { } renamed)
                    {
                        Rename(renamed, change.Text);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Makes the room's members from other nodes exactly <paramref name="members"/> (of
    /// <paramref name="onlyNode"/> only, when given; of every other node otherwise): who is new is
    /// announced as a join, who is gone as a part with <paramref name="reason"/>, a changed nick as
    /// a nick change. How a node learns a room's roster as it subscribes, and heals what it missed.
    /// Who is gone leaves as <paramref name="leaving"/>: a part, or a quit when its node was lost.
    /// </summary>
    /// <param name="announce">False for the roster a member's join is given before it is told it joined: its NAMES shows them.</param>
    public void Sync(Room room, string? onlyNode, IReadOnlyList<NodeMember> members, string reason, ChatEventKind leaving, bool announce = true)
    {
        lock (_gate)
        {
            var wanted = new HashSet<(string, long)>();
            foreach (var member in members)
            {
                if (!_lost.Contains(member.Node) && (onlyNode is null || string.Equals(member.Node, onlyNode, StringComparison.Ordinal)))
                {
                    wanted.Add((member.Node, member.Id));
                }
            }

            foreach (var present in room.RemoteMembers)
            {
                if ((onlyNode is null || string.Equals(present.Node, onlyNode, StringComparison.Ordinal))
                    && !wanted.Contains((present.Node!, present.NodeMemberId)))
                {
                    Remove(present, room, leaving, reason, kicker: null);
                }
            }

            foreach (var member in members)
            {
                if (!wanted.Contains((member.Node, member.Id)))
                {
                    continue;
                }

                if (_members.GetValueOrDefault((member.Node, member.Id)) is { } known && !string.Equals(known.Nick, member.Nick, StringComparison.Ordinal))
                {
                    Rename(known, member.Nick);
                }

                Add(member.Node, member, room, announce);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="enter"/>, a member of this node entering <paramref name="room"/>, and
    /// when that made it the room's first member here, puts the room's members of other nodes its
    /// join was shown (<paramref name="members"/>, which its NAMES lists) in the room silently. Both
    /// under the lock: a roster the room's grain delivers meanwhile (the answer to a subscription
    /// queued as the room emptied here) waits, and finds them there, rather than finding the room
    /// occupied without them and announcing them (a join, ChanServ's +o) after the joiner's NAMES.
    /// </summary>
    /// <returns>What <paramref name="enter"/> returned.</returns>
    public bool EnterShown(Room room, IReadOnlyList<NodeMember> members, Func<bool> enter)
    {
        lock (_gate)
        {
            if (!enter())
            {
                return false;
            }

            if (room.LocalCount == 1)
            {
                Sync(room, onlyNode: null, members, string.Empty, ChatEventKind.Part, announce: false);
            }

            return true;
        }
    }

    /// <summary>
    /// A node is gone: its members quit every room here with <paramref name="reason"/> (each of
    /// this node's members who shared a room with one sees its quit once), and what it reports
    /// from now on is ignored.
    /// </summary>
    public void DropNode(string node, string reason)
    {
        lock (_gate)
        {
            if (!_lost.Add(node))
            {
                return;
            }

            foreach (var entry in _members.Where(e => string.Equals(e.Key.Node, node, StringComparison.Ordinal)).ToArray())
            {
                var member = entry.Value;
                var quit = new ChatEvent(ChatEventKind.Quit, member, null, reason, time.GetUtcNow());
                foreach (var room in member.Rooms)
                {
                    room.RemoveRemote(member);
                }

                ChatHub.DeliverTo(ChatHub.Audience(member.Rooms, member), quit);

                lock (member.Gate)
                {
                    member.RoomList.Clear();
                    member.HasLeft = true;
                }

                _members.Remove(entry.Key);
            }
        }
    }

    /// <summary>A member of this node kicked the stand-in out of the room (and showed it): it is taken out, nobody else here is told.</summary>
    public void Kicked(Member member, Room room)
    {
        lock (_gate)
        {
            if (room.RemoveRemote(member))
            {
                Unlist(member, room);
            }
        }
    }

    /// <summary>The room lost its last member here and with it the others' (<see cref="Room.Remove(Member, out Member[])"/>): nobody here is told.</summary>
    public void Forget(Room room, Member[] dropped)
    {
        lock (_gate)
        {
            foreach (var member in dropped)
            {
                Unlist(member, room);
            }
        }
    }

    private void Add(string node, NodeMember who, Room room, bool announce = true)
    {
        if (!_members.TryGetValue((node, who.Id), out var member))
        {
            member = StandIn(node, who);
            _members[(node, who.Id)] = member;
        }

        if (!room.AddRemote(member, who.IsOperator, who.IsVoiced))
        {
            if (member.Rooms.Length == 0)
            {
                _members.Remove((node, who.Id));
            }

            return;
        }

        lock (member.Gate)
        {
            member.RoomList.Add(room);
        }

        if (announce)
        {
            room.Broadcast(new ChatEvent(ChatEventKind.Join, member, room, string.Empty, time.GetUtcNow()), except: null);

            // An operator account of a registered room was given +o by ChanServ as it joined on its
            // node: the room here sees that too, as on one server (its node's report carried the status).
            if (who.IsOperator && room.Registration?.GivesOperator(who.Account) == true)
            {
                room.Broadcast(operatorOnJoin(room, member), except: null);
            }
        }
    }

    private void Remove(Member member, Room room, ChatEventKind kind, string reason, Member? kicker)
    {
        if (!room.RemoveRemote(member))
        {
            return;
        }

        var left = Unlist(member, room);
        var now = time.GetUtcNow();
        switch (kind)
        {
            case ChatEventKind.Kick:
                room.Broadcast(new ChatEvent(ChatEventKind.Kick, kicker ?? member, room, reason, now, target: member), except: null);
                break;
            case ChatEventKind.Quit:
                // Those who still share another room with it see its quit there; the rest see it now.
                var quit = new ChatEvent(ChatEventKind.Quit, member, null, reason, now);
                var stillSeen = ChatHub.Audience(left, member);
                var locals = room.LocalMembers;
                using (WakeMode.For(locals.Count))
                {
                    foreach (var other in locals)
                    {
                        if (!stillSeen.Contains(other))
                        {
                            other.Sink.Deliver(quit);
                        }
                    }
                }

                break;
            default:
                room.Broadcast(new ChatEvent(ChatEventKind.Part, member, room, reason, now), except: null);
                break;
        }
    }

    private void Rename(Member member, string nick)
    {
        if (string.Equals(member.Nick, nick, StringComparison.Ordinal))
        {
            return;
        }

        var changed = new ChatEvent(ChatEventKind.NickChange, member, null, nick, time.GetUtcNow());
        member.Nick = nick;
        member.HasChosenNick = true;
        ChatHub.DeliverTo(ChatHub.Audience(member.Rooms, member), changed);
    }

    /// <summary>Takes the room off a stand-in's list, forgetting the stand-in when it is in no room here any more; returns the rooms it is still in.</summary>
    private Room[] Unlist(Member member, Room room)
    {
        Room[] left;
        lock (member.Gate)
        {
            member.RoomList.Remove(room);
            left = [.. member.RoomList];
        }

        if (left.Length == 0 && _members.TryGetValue((member.Node!, member.NodeMemberId), out var kept) && ReferenceEquals(kept, member))
        {
            _members.Remove((member.Node!, member.NodeMemberId));
        }

        return left;
    }

    private Member StandIn(string node, NodeMember who)
    {
        var info = new MemberInfo(who.Address, who.Host, who.User, who.RealName, who.Nick) { Account = who.Account };
        return new Member(nextMemberId(), info, who.Nick, who.ChoseNick, ServiceSink.Instance, time.GetUtcNow())
        {
            Node = node,
            NodeMemberId = who.Id,
        };
    }
}
