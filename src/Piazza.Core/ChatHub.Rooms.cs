using System.Text;

namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <summary>
    /// Joins <paramref name="roomName"/> (creating it if needed) and makes it the current room;
    /// the room sees the join. Joining a room one is already in only makes it current.
    /// </summary>
    public ChatError Join(Member member, string roomName, out Room? room, out bool alreadyIn)
    {
        room = null;
        alreadyIn = false;
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
            room = _rooms.GetOrAdd(name, static n => new Room(n, isDefault: false));
            if (Enter(member, room))
            {
                return ChatError.None;
            }

            // The room closed between the lookup and the join: drop it and make a new one.
            _rooms.TryRemove(new KeyValuePair<string, Room>(room.Name, room));
        }
    }

    /// <summary>
    /// Leaves <paramref name="roomName"/>, or the current room when null; the room sees the part.
    /// The current room becomes the most recently joined room left, if any.
    /// </summary>
    public ChatError Part(Member member, string? roomName, out Room? room)
    {
        room = roomName is null ? member.CurrentRoom : FindRoom(roomName);
        if (room is null || !room.Contains(member))
        {
            return roomName is not null && RoomName.Validate(roomName, Options.MaxRoomNameLength, out _) is not null
                ? ChatError.InvalidRoom
                : ChatError.NotInRoom;
        }

        lock (member.Gate)
        {
            member.RoomList.Remove(room);
            if (ReferenceEquals(member.CurrentRoom, room))
            {
                member.CurrentRoom = member.RoomList.Count > 0 ? member.RoomList[^1] : null;
            }
        }

        room.Broadcast(NewEvent(ChatEventKind.Part, member, room, string.Empty), except: member);
        Leave(room, member);
        return ChatError.None;
    }

    /// <summary>Sets the topic of <paramref name="room"/>; the room sees the change.</summary>
    public ChatError SetTopic(Member member, Room? room, string topic)
    {
        if (room is null || !room.Contains(member))
        {
            return ChatError.NotInRoom;
        }

        if (Encoding.UTF8.GetByteCount(topic) > Options.MaxTopicLength)
        {
            return ChatError.TooLong;
        }

        var chatEvent = NewEvent(ChatEventKind.TopicChange, member, room, topic);
        room.SetTopic(topic.Length == 0 ? null : new RoomTopic(topic, member.Name, chatEvent.Time));
        room.Broadcast(chatEvent, except: member);
        return ChatError.None;
    }

    /// <summary>Adds the member to the room and announces it; false when the room had closed.</summary>
    private bool Enter(Member member, Room room)
    {
        lock (member.Gate)
        {
            if (member.HasLeft)
            {
                return true; // a member that has left joins nothing; nothing to retry
            }

            if (!room.TryAdd(member))
            {
                return false;
            }

            member.RoomList.Add(room);
            member.CurrentRoom = room;
        }

        room.Broadcast(NewEvent(ChatEventKind.Join, member, room, string.Empty), except: member);
        return true;
    }

    /// <summary>Takes the member out of the room's list, closing and dropping an emptied room.</summary>
    private void Leave(Room room, Member member)
    {
        if (room.Remove(member))
        {
            _rooms.TryRemove(new KeyValuePair<string, Room>(room.Name, room));
        }
    }
}
