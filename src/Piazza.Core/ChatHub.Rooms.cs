using System.Text;

using Piazza.Core.Cluster;

namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <inheritdoc cref="Join(Member, string, string?, out Room?, out bool, out ChatEvent?, out ChatEvent?)"/>
    public ChatError Join(Member member, string roomName, out Room? room, out bool alreadyIn) =>
        Join(member, roomName, key: null, out room, out alreadyIn, out _, out _);

    /// <inheritdoc cref="Join(Member, string, string?, out Room?, out bool, out ChatEvent?, out ChatEvent?)"/>
    public ChatError Join(Member member, string roomName, string? key, out Room? room, out bool alreadyIn, out ChatEvent? joined) =>
        Join(member, roomName, key, out room, out alreadyIn, out joined, out _);

    /// <summary>
    /// Joins <paramref name="roomName"/> (creating it if needed, its first member its operator,
    /// unless it is a permanent room)
    /// and makes it the current room; the room sees the join. Joining a room one is already in
    /// only makes it current. Bans, invite-only, key and limit are checked here, for every protocol.
    /// In a registered room the founder and operator accounts pass those checks and are made
    /// operator: the room sees ChanServ give +o (<paramref name="opped"/>, which the caller shows the
    /// joiner after its join), and nobody else is made operator by being first.
    /// </summary>
    /// <param name="fromNodes">In a cluster, the room as the other nodes have it (<see cref="ViewFromNodesAsync"/>), for a room with no member here: the join passes its door and sees its members.</param>
    public ChatError Join(Member member, string roomName, string? key, out Room? room, out bool alreadyIn, out ChatEvent? joined, out ChatEvent? opped, NodeRoomView? fromNodes = null)
    {
        room = null;
        alreadyIn = false;
        joined = null;
        opped = null;
        if (RoomName.Validate(roomName, Options.MaxRoomNameLength, out var name) is not null)
        {
            return ChatError.InvalidRoom;
        }

        if (FindRoom(name) is { } existing && existing.Contains(member))
        {
            room = existing;
            alreadyIn = true;
            member.CurrentRoom = existing;
            return ChatError.None;
        }

        lock (member.Gate)
        {
            if (member.RoomList.Count >= Options.MaxRoomsPerMember)
            {
                return ChatError.TooManyRooms;
            }
        }

        while (true)
        {
            room = _rooms.GetOrAdd(name, NewRoom);
            var elsewhere = fromNodes is not null && room.LocalCount == 0 && TakeView(room, fromNodes);

            // Checked on the room actually joined, so a room made and locked meanwhile is honoured.
            // An empty room is its joiner's to make: its first member becomes its operator. A
            // permanent room is nobody's: its modes and bans hold even while it is empty, as do a
            // registered room's, which its founder and operator accounts pass (as on Ergo).
            if ((room.Count > 0 || elsewhere || room.IsPermanent || room.IsRegistered)
                && room.Registration?.GivesOperator(member.Account) != true
                && CheckEntry(member, room, key) is not ChatError.None and var refused)
            {
                return refused;
            }

            var firstJoiner = fromNodes is null ? FirstJoiner.AskTheCluster : elsewhere ? FirstJoiner.NotFirst : FirstJoiner.First;
            bool entered;
            if (fromNodes is not null && Volatile.Read(ref _remoteRoster) is { } roster)
            {
                // The other nodes' members were there before the joiner: its NAMES shows them, and
                // they are in the room here as it enters, not announced.
                var into = room;
                ChatEvent? joinedHere = null;
                ChatEvent? oppedHere = null;
                entered = roster.EnterShown(room, fromNodes.Members, () => Enter(member, into, name, out joinedHere, out oppedHere, firstJoiner));
                (joined, opped) = (joinedHere, oppedHere);
            }
            else
            {
                entered = Enter(member, room, name, out joined, out opped, firstJoiner);
            }

            if (entered)
            {
                return ChatError.None;
            }

            // The room closed, or was renamed, between the lookup and the join: drop it from
            // under the name looked up (a renamed room is no longer there) and make a new one.
            _rooms.TryRemove(new KeyValuePair<string, Room>(name, room));
        }
    }

    /// <inheritdoc cref="Part(Member, string?, string, out Room?, out ChatEvent?)"/>
    public ChatError Part(Member member, string? roomName, out Room? room) =>
        Part(member, roomName, string.Empty, out room, out _);

    /// <summary>
    /// Leaves <paramref name="roomName"/>, or the current room when null; the room sees the part.
    /// The current room becomes the most recently joined room left, if any.
    /// </summary>
    public ChatError Part(Member member, string? roomName, string reason, out Room? room, out ChatEvent? parted)
    {
        parted = null;
        room = roomName is null ? member.CurrentRoom : FindRoom(roomName);
        if (room is null || !room.Contains(member))
        {
            return roomName is not null && RoomName.Validate(roomName, Options.MaxRoomNameLength, out _) is not null
                ? ChatError.InvalidRoom
                : ChatError.NotInRoom;
        }

        ForgetRoom(member, room);
        parted = NewEvent(ChatEventKind.Part, member, room, Cut(reason));
        room.Broadcast(parted, except: member);
        PublishRoster(ChatEventKind.Part, member, room, parted.Text);
        Leave(room, member);
        return ChatError.None;
    }

    /// <inheritdoc cref="SetTopic(Member, Room?, string, out ChatEvent?)"/>
    public ChatError SetTopic(Member member, Room? room, string topic) => SetTopic(member, room, topic, out _);

    /// <summary>
    /// Sets the topic of <paramref name="room"/> (operators only under +t; a server operator
    /// anywhere, in the room or not); the room sees the change.
    /// </summary>
    public ChatError SetTopic(Member member, Room? room, string topic, out ChatEvent? changed)
    {
        changed = null;
        if (room is null || (!room.Contains(member) && !member.IsServerOperator))
        {
            return ChatError.NotInRoom;
        }

        if (room.Modes.TopicLocked && !CanOperate(member, room))
        {
            return ChatError.NotOperator;
        }

        if (Encoding.UTF8.GetByteCount(topic) > Options.MaxTopicLength)
        {
            return ChatError.TooLong;
        }

        changed = NewEvent(ChatEventKind.TopicChange, member, room, topic);
        var newTopic = topic.Length == 0 ? null : new RoomTopic(topic, member.Nick, changed.Time);
        room.SetTopic(newTopic);
        RememberTopic(room, newTopic);
        _ = Record(changed); // before the broadcast, as a message (SendToRoom); shown even if the history drops it
        room.Broadcast(changed, except: member);
        if (Cluster is { } cluster)
        {
            cluster.PublishTopic(new NodeTopic(room.Name, topic, NodeMember.Of(member, room), changed.Time));
        }

        return ChatError.None;
    }

    /// <summary>Why <paramref name="member"/> may not enter <paramref name="room"/>, or None. Server operators enter any room.</summary>
    private static ChatError CheckEntry(Member member, Room room, string? key)
    {
        if (member.IsServerOperator)
        {
            return ChatError.None;
        }

        var modes = room.Modes;
        var invited = room.IsInvited(member) || WasInvitedFromNode(member, room.Name);
        if (room.IsBanned(member) && !invited)
        {
            return ChatError.Banned;
        }

        if (modes.InviteOnly && !invited && !room.IsInviteExcepted(member))
        {
            return ChatError.InviteOnly;
        }

        if (modes.Key is { } roomKey && !string.Equals(roomKey, key, StringComparison.Ordinal) && !invited)
        {
            return ChatError.BadKey;
        }

        if (modes.Limit is { } limit && room.Count >= limit && !invited)
        {
            return ChatError.RoomFull;
        }

        return ChatError.None;
    }

    /// <summary>
    /// Adds the member to the room and announces it; false when the room had closed, or no longer
    /// has the name <paramref name="expectedName"/> it was looked up by (null: any name).
    /// </summary>
    private bool Enter(Member member, Room room, string? expectedName, out ChatEvent? joined, out ChatEvent? opped, FirstJoiner firstJoiner = FirstJoiner.First)
    {
        joined = null;
        opped = null;
        bool madeOperator;
        lock (member.Gate)
        {
            if (member.HasLeft)
            {
                return true; // a member that has left joins nothing; nothing to retry
            }

            // A permanent room (the lobby above all) is nobody's to take by being first in it.
            var operatorIfFirst = !room.IsPermanent && firstJoiner != FirstJoiner.NotFirst;
            if (!room.TryAdd(member, operatorIfFirst, founderLater: Cluster is not null && firstJoiner == FirstJoiner.AskTheCluster, expectedName, out madeOperator))
            {
                return false;
            }

            member.RoomList.Add(room);
            member.CurrentRoom = room;
            member.InvitesFromNodes?.RemoveAll(r => RoomName.Comparer.Equals(r, room.Name));
        }

        if (room.LocalCount == 1)
        {
            Cluster?.RoomOccupied(room.Name);
        }

        PublishRoster(ChatEventKind.Join, member, room, string.Empty);

        joined = NewEvent(ChatEventKind.Join, member, room, string.Empty);
        room.Broadcast(joined, except: member);
        if (madeOperator)
        {
            opped = OperatorOnJoin(room, member);
            room.Broadcast(opped, except: member);
        }

        return true;
    }

    /// <summary>Takes the room off the member's list, moving its current room if need be.</summary>
    private static void ForgetRoom(Member member, Room room)
    {
        lock (member.Gate)
        {
            member.RoomList.Remove(room);
            if (ReferenceEquals(member.CurrentRoom, room))
            {
                member.CurrentRoom = member.RoomList.Count > 0 ? member.RoomList[^1] : null;
            }
        }
    }

    /// <summary>Takes the member out of the room's list, closing and dropping an emptied room.</summary>
    private void Leave(Room room, Member member)
    {
        if (room.Remove(member, out var othersDropped))
        {
            _rooms.TryRemove(new KeyValuePair<string, Room>(room.Name, room));
        }

        if (othersDropped.Length > 0)
        {
            _remoteRoster?.Forget(room, othersDropped);
        }

        if (room.LocalCount == 0)
        {
            Cluster?.RoomVacated(room.Name);
        }
    }
}
