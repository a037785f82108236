namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <summary>
    /// Renames <paramref name="room"/> to <paramref name="newName"/> (IRCv3 draft/channel-rename),
    /// as its operator or as a server operator (who need not be in it). Everything stays with the
    /// room — members, operators, modes, topic, bans, invitations — and so does its history, which
    /// the store moves to the new name; the old name is free at once (joining it makes a new room).
    /// A name that differs only in case renames the room in place. Everyone in the room but the
    /// renamer receives the event (the caller shows the renamer its own).
    /// </summary>
    /// <returns>
    /// <see cref="ChatError.None"/> with the event; <see cref="ChatError.NotInRoom"/> when the
    /// member is not in the room (server operators may be anywhere); <see cref="ChatError.NotOperator"/>;
    /// <see cref="ChatError.CannotRename"/> for a permanent room (the default room above all);
    /// <see cref="ChatError.InvalidRoom"/> for a name that breaks <see cref="RoomName"/>'s rule;
    /// <see cref="ChatError.RoomNameInUse"/> when another open room has the name;
    /// <see cref="ChatError.NoSuchRoom"/> when the room closed meanwhile.
    /// </returns>
    /// <remarks>
    /// Atomic under the room's lock (docs/ARCHITECTURE.md, "Shared state and locks"): the new name
    /// is claimed in the room table, the old one let go, and history's move queued, before the room
    /// answers to the new name. Appends to history take the same lock (<see cref="Record"/>), so
    /// none lands under the old name after its messages were moved; a join that looked the room up
    /// by its old name finds it renamed under the lock and makes a new room instead.
    /// </remarks>
    public ChatError Rename(Member member, Room room, string newName, string reason, out ChatEvent? renamed)
    {
        renamed = null;
        if (RenameRefusal(member, room, newName, out var name) is not ChatError.None and var refused)
        {
            return refused;
        }

        var error = room.Rename(name, (from, to) => MoveRoom(room, from, to, stored: true), out var oldName);
        if (error != ChatError.None)
        {
            return error;
        }

        renamed = new ChatEvent(ChatEventKind.RoomRename, member, room, Cut(reason), _time.GetUtcNow()) { RenamedFrom = oldName };
        room.Broadcast(renamed, except: member);
        PublishRename(room, oldName, member, renamed);
        return ChatError.None;
    }

    /// <summary>Why <paramref name="member"/> may not rename <paramref name="room"/> to <paramref name="newName"/> (its valid form: <paramref name="name"/>), or None.</summary>
    private ChatError RenameRefusal(Member member, Room room, string newName, out string name)
    {
        name = string.Empty;
        if (!room.Contains(member) && !member.IsServerOperator)
        {
            return ChatError.NotInRoom;
        }

        if (!CanOperate(member, room))
        {
            return ChatError.NotOperator;
        }

        if (room.IsPermanent)
        {
            return ChatError.CannotRename;
        }

        return RoomName.Validate(newName, Options.MaxRoomNameLength, out name) is not null ? ChatError.InvalidRoom : ChatError.None;
    }

    /// <summary>
    /// The rename's work under the room's lock: the new name's entry in the room table (unless
    /// only its case changes: the table compares without case), the old one's removal, and
    /// history's move, queued behind every message already appended under the old name.
    /// </summary>
    /// <param name="stored">
    /// This node renamed it: it moves the history and the registration in the store. False for a
    /// rename another node made (<see cref="ApplyRenameFromNode"/>): that node moved them in the
    /// store the nodes share; this one only forgets the two names' recent tails.
    /// </param>
    private ChatError MoveRoom(Room room, string oldName, string newName, bool stored)
    {
        if (!RoomName.Comparer.Equals(oldName, newName))
        {
            // A room emptied and closed but not yet dropped from the table does not hold its name.
            if (_rooms.TryGetValue(newName, out var other) && other.IsClosed)
            {
                _rooms.TryRemove(new KeyValuePair<string, Room>(newName, other));
            }

            if (!_rooms.TryAdd(newName, room))
            {
                return ChatError.RoomNameInUse;
            }

            _rooms.TryRemove(new KeyValuePair<string, Room>(oldName, room));
        }

        if (!stored)
        {
            MayHaveMissedFromNodes(oldName);
            MayHaveMissedFromNodes(newName);
            MoveTopic(room, oldName, newName);
            return ChatError.None;
        }

        History?.Rename(oldName, newName);
        MoveTopic(room, oldName, newName);
        if (room.IsRegistered)
        {
            // Queued under the room's lock, so it is ordered with the other writes; the writer reads
            // the room under the same lock, so it sees the new name.
            Registrations.Rename(room, oldName);
        }

        return ChatError.None;
    }
}
