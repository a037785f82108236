using Piazza.Core;
using Piazza.Protocol.Line;

namespace Piazza.Server.Plain;

/// <summary>
/// Rooms: <c>/join</c>, <c>/part</c>, <c>/rooms</c>, <c>/who</c>, <c>/topic</c>. A struct made for
/// each command (see <see cref="PlainClientCommands"/>).
/// </summary>
internal readonly struct PlainRoomCommands(IPlainCommandContext context)
{
    private const int NamesPerLine = 50;

    private ChatHub Hub => context.Hub;

    private ChatOptions Options => context.Hub.Options;

    private Member Member => context.Member;

    /// <summary>What a client is told on entering <paramref name="room"/>, where <paramref name="others"/> are.</summary>
    public static string JoinedText(string room, int others)
    {
        var company = others switch
        {
            0 => "nobody else is here",
            1 => "1 other is here",
            _ => $"{others} others are here",
        };
        return $"you are in {room}; {company}";
    }

    /// <summary>/join ROOM [KEY]: awaits the room's recent history, sent before anything live.</summary>
    public async ValueTask<string?> JoinAsync(LineCommand command)
    {
        if (command.Target.Length == 0)
        {
            SendError("usage: /join ROOM [KEY]");
            return null;
        }

        // In a cluster, a room new to this node is asked of the others: its door, topic and members.
        var fromNodes = await Hub.ViewFromNodesAsync(command.Target);

        // Earlier messages come before any live one: the room's events wait until they are sent.
        string? name = null;
        var replay = Hub.FindRoom(command.Target)?.Contains(Member) != true
            && RoomName.Validate(command.Target, Options.MaxRoomNameLength, out name) is null;
        if (replay)
        {
            context.Replay.Hold(name!);
        }

        var result = Hub.Join(Member, command.Target, command.Text.Length == 0 ? null : command.Text, out var room, out var alreadyIn, out _, out var opped, fromNodes);
        if (result == ChatError.None && fromNodes is not null && !alreadyIn)
        {
            await Hub.WhenSharedAsync(room!);
        }

        switch (result)
        {
            case ChatError.None when alreadyIn:
                SendNotice($"what you type now goes to {room!.Name}");
                break;
            case ChatError.None:
                SendNotice(JoinedText(room!.Name, room.Count - 1));
                if (room!.Topic is { } topic)
                {
                    SendNotice($"topic of {room.Name}: {topic.Text} (set by {topic.SetBy})");
                }

                if (opped is not null)
                {
                    // A registered room's founder or operator account, as the others saw it.
                    SendNotice($"{opped.SourceName} set mode +o {Member.Nick} on {room.Name}");
                }

                break;
            case ChatError.TooManyRooms:
                SendError($"you are in {Options.MaxRoomsPerMember} rooms, the most allowed; /part one first");
                break;
            case ChatError.Banned:
                SendError($"you are banned from {RoomName.Strip(command.Target)}");
                break;
            case ChatError.InviteOnly:
                SendError($"{RoomName.Strip(command.Target)} is invite-only; ask one of its operators to invite you");
                break;
            case ChatError.BadKey:
                SendError($"{RoomName.Strip(command.Target)} needs a key: /join {RoomName.Strip(command.Target)} KEY");
                break;
            case ChatError.RoomFull:
                SendError($"{RoomName.Strip(command.Target)} is full");
                break;
            default:
                SendError($"invalid room name {command.Target}: {RoomName.Validate(command.Target, Options.MaxRoomNameLength, out _)}");
                break;
        }

        if (replay)
        {
            await new PlainHistoryCommands(context).ReplayAsync(name!, entered: result == ChatError.None && !alreadyIn);
        }

        return null;
    }

    /// <summary>/part [ROOM]</summary>
    public ValueTask<string?> Part(LineCommand command)
    {
        var named = command.Target.Length == 0 ? null : command.Target;
        switch (Hub.Part(Member, named, out var room))
        {
            case ChatError.None:
                var now = Member.CurrentRoom;
                SendNotice(now is null
                    ? $"you left {room!.Name}; you are in no room now (/join ROOM)"
                    : $"you left {room!.Name}; what you type now goes to {now.Name}");
                break;
            case ChatError.InvalidRoom:
                SendError($"invalid room name {command.Target}: {RoomName.Validate(command.Target, Options.MaxRoomNameLength, out _)}");
                break;
            default:
                SendError(named is null ? "you are in no room" : $"you are not in {RoomName.Strip(named)}");
                break;
        }

        return default;
    }

    /// <summary>/rooms</summary>
    public ValueTask<string?> ListRooms()
    {
        var member = Member;
        var rooms = Hub.Rooms.Where(r => r.IsVisibleTo(member)).ToList(); // +s rooms only to their members
        SendNotice(rooms.Count == 1 ? "1 room:" : $"{rooms.Count} rooms:");
        foreach (var room in rooms)
        {
            var topic = room.Topic is { } t ? $": {t.Text}" : string.Empty;
            SendNotice($"  {room.Name} ({room.Count}){topic}");
        }

        return default;
    }

    /// <summary>/who [ROOM]</summary>
    public ValueTask<string?> Who(LineCommand command)
    {
        var room = command.Target.Length == 0 ? Member.CurrentRoom : Hub.FindRoom(command.Target);
        if (room is null)
        {
            SendError(command.Target.Length == 0 ? "you are in no room; /who ROOM names one" : $"there is no room {RoomName.Strip(command.Target)}");
            return default;
        }

        var names = room.Members.Select(m => m.Name).ToArray();
        SendNotice($"in {room.Name} ({names.Length}):");
        foreach (var chunk in names.Chunk(NamesPerLine))
        {
            SendNotice("  " + string.Join(' ', chunk));
        }

        return default;
    }

    /// <summary>/topic [TEXT]: the current room's.</summary>
    public ValueTask<string?> Topic(LineCommand command)
    {
        var room = Member.CurrentRoom;
        if (room is null)
        {
            SendError("you are in no room; /join ROOM first");
            return default;
        }

        if (command.Text.Length == 0)
        {
            SendNotice(room.Topic is { } topic
                ? $"topic of {room.Name}: {topic.Text} (set by {topic.SetBy})"
                : $"{room.Name} has no topic");
            return default;
        }

        switch (Hub.SetTopic(Member, room, command.Text))
        {
            case ChatError.None:
                SendNotice($"you set the topic of {room.Name}: {command.Text}");
                break;
            case ChatError.TooLong:
                SendError($"a topic has at most {Options.MaxTopicLength} bytes");
                break;
            case ChatError.NotOperator:
                SendError($"only the operators of {room.Name} may set its topic (+t)");
                break;
            default:
                SendError($"you are not in {room.Name}");
                break;
        }

        return default;
    }

    private void SendNotice(string text) => context.SendNotice(text);

    private void SendError(string text) => context.SendError(text);
}
