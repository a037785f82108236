namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <summary>
    /// Says <paramref name="text"/> (or acts it, for <c>/me</c>) in the member's current room;
    /// everyone else in the room receives it.
    /// </summary>
    public ChatError Say(Member member, string text, bool action, out Room? room)
    {
        room = member.CurrentRoom;
        if (room is null || !room.Contains(member))
        {
            return ChatError.NotInRoom;
        }

        if (text.Length == 0)
        {
            return ChatError.EmptyText;
        }

        var kind = action ? ChatEventKind.Action : ChatEventKind.Message;
        room.Broadcast(NewEvent(kind, member, room, text), except: member);
        return ChatError.None;
    }

    /// <summary>Sends <paramref name="text"/> to the one member named <paramref name="nick"/>.</summary>
    public ChatError SendPrivate(Member member, string nick, string text, out Member? target)
    {
        target = FindNick(nick);
        if (target is null)
        {
            return ChatError.NoSuchNick;
        }

        if (text.Length == 0)
        {
            return ChatError.EmptyText;
        }

        target.Sink.Deliver(NewEvent(ChatEventKind.Private, member, null, text));
        return ChatError.None;
    }
}
