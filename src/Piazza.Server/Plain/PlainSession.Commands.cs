using System.Buffers;

using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Protocol.Line;
using Piazza.Server.Sessions;

namespace Piazza.Server.Plain;

internal sealed partial class PlainSession
{
    private const int NamesPerLine = 50;

    /// <summary>Handles one line; returns the quit reason when the client leaves.</summary>
    protected override ValueTask<string?> HandleLineAsync(ReadOnlySequence<byte> line)
    {
        switch (LineText.TryDecode(line, out var text))
        {
            case LineTextError.InvalidUtf8:
                SendError("that line was not valid UTF-8; it was discarded");
                return ValueTask.FromResult<string?>(null);
            case LineTextError.ControlCharacter:
                SendError("that line held control characters (only TAB is allowed); it was discarded");
                return ValueTask.FromResult<string?>(null);
        }

        var command = LineCommandParser.Parse(text);
        return command.Kind switch
        {
            // These read the history store or check a password; everything else completes at once.
            LineCommandKind.Join => JoinAsync(command),
            LineCommandKind.History => ShowHistoryAsync(command),
            LineCommandKind.Oper => OperAsync(command),
            LineCommandKind.Ban => BanAsync(command),
            LineCommandKind.Unban => UnbanAsync(command),
            _ => ValueTask.FromResult(Handle(command)),
        };
    }

    private string? Handle(LineCommand command)
    {
        switch (command.Kind)
        {
            case LineCommandKind.Empty:
                return null;
            case LineCommandKind.Exit:
                SendNotice("bye");
                return string.Empty;
            case LineCommandKind.Quit:
                SendNotice("bye");
                return Truncate(command.Text, Options.MaxTopicLength);
            case LineCommandKind.Text:
                Say(command.Text, action: false);
                break;
            case LineCommandKind.Me:
                Say(command.Text, action: true);
                break;
            case LineCommandKind.Nick:
                return ChangeNick(command);
            case LineCommandKind.Part:
                Part(command);
                break;
            case LineCommandKind.Rooms:
                ListRooms();
                break;
            case LineCommandKind.Who:
                Who(command);
                break;
            case LineCommandKind.Msg:
                PrivateMessage(command);
                break;
            case LineCommandKind.Topic:
                Topic(command);
                break;
            case LineCommandKind.Kick:
                Kick(command);
                break;
            case LineCommandKind.Mode:
                Mode(command);
                break;
            case LineCommandKind.Invite:
                Invite(command);
                break;
            case LineCommandKind.Away:
                Hub.SetAway(Member, command.Text);
                SendNotice(command.Text.Length == 0 ? "you are back" : $"you are marked away: {command.Text}");
                break;
            case LineCommandKind.Kill:
                Kill(command);
                break;
            case LineCommandKind.Wallops:
                Wallops(command);
                break;
            case LineCommandKind.Bans:
                ListBans();
                break;
            case LineCommandKind.Help:
                foreach (var help in PlainCommands.HelpLines)
                {
                    SendNotice(help);
                }

                break;
            default:
                SendError($"unknown command /{command.Verb}; /help lists the commands");
                break;
        }

        return null;
    }

    private void Say(string text, bool action)
    {
        if (text.Length == 0)
        {
            SendError("usage: /me TEXT");
            return;
        }

        switch (Hub.Say(Member, text, action, out var room))
        {
            case ChatError.NotInRoom:
                SendError("you are in no room; /join ROOM to enter one");
                break;
            case ChatError.CannotSend:
                SendError($"you cannot speak in {room!.Name} now: it is moderated (+m) or you are banned there");
                break;
        }
    }

    /// <summary>/nick NAME; returns the quit reason when a server ban matches the new name.</summary>
    private string? ChangeNick(LineCommand command)
    {
        if (command.Target.Length == 0 || command.Text.Length != 0)
        {
            SendError("usage: /nick NAME (one word)");
            return null;
        }

        switch (Hub.ChangeNick(Member, command.Target, out _))
        {
            case ChatError.None when Hub.BanFor(Member) is { } ban:
                return CutBanned(ban);
            case ChatError.None:
                SendNotice($"you are now known as {command.Target}");
                break;
            case ChatError.NickInUse:
                SendError($"the nickname {command.Target} is taken; pick another");
                break;
            default:
                SendError($"invalid nickname {command.Target}: {NickName.Validate(command.Target, Options.MaxNickLength)}");
                break;
        }

        return null;
    }

    private async ValueTask<string?> JoinAsync(LineCommand command)
    {
        if (command.Target.Length == 0)
        {
            SendError("usage: /join ROOM [KEY]");
            return null;
        }

        // Earlier messages come before any live one: the room's events wait until they are sent.
        string? name = null;
        var replay = Hub.FindRoom(command.Target)?.Contains(Member) != true
            && RoomName.Validate(command.Target, Options.MaxRoomNameLength, out name) is null;
        if (replay)
        {
            Replay.Hold(name!);
        }

        var result = Hub.Join(Member, command.Target, command.Text.Length == 0 ? null : command.Text, out var room, out var alreadyIn, out _);
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
            await ReplayAsync(name!, entered: result == ChatError.None && !alreadyIn);
        }

        return null;
    }

    private void Part(LineCommand command)
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
    }

    private void ListRooms()
    {
        var rooms = Hub.Rooms;
        SendNotice(rooms.Count == 1 ? "1 room:" : $"{rooms.Count} rooms:");
        foreach (var room in rooms)
        {
            var topic = room.Topic is { } t ? $": {t.Text}" : string.Empty;
            SendNotice($"  {room.Name} ({room.Count}){topic}");
        }
    }

    private void Who(LineCommand command)
    {
        var room = command.Target.Length == 0 ? Member.CurrentRoom : Hub.FindRoom(command.Target);
        if (room is null)
        {
            SendError(command.Target.Length == 0 ? "you are in no room; /who ROOM names one" : $"there is no room {RoomName.Strip(command.Target)}");
            return;
        }

        var names = room.Members.Select(m => m.Name).ToArray();
        SendNotice($"in {room.Name} ({names.Length}):");
        foreach (var chunk in names.Chunk(NamesPerLine))
        {
            SendNotice("  " + string.Join(' ', chunk));
        }
    }

    private void PrivateMessage(LineCommand command)
    {
        if (command.Target.Length == 0 || command.Text.Length == 0)
        {
            SendError("usage: /msg NICK TEXT");
            return;
        }

        if (Hub.SendPrivate(Member, command.Target, command.Text, out _) == ChatError.NoSuchNick)
        {
            SendError($"no one is called {command.Target}");
        }
    }

    private void Topic(LineCommand command)
    {
        var room = Member.CurrentRoom;
        if (room is null)
        {
            SendError("you are in no room; /join ROOM first");
            return;
        }

        if (command.Text.Length == 0)
        {
            SendNotice(room.Topic is { } topic
                ? $"topic of {room.Name}: {topic.Text} (set by {topic.SetBy})"
                : $"{room.Name} has no topic");
            return;
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
    }

    private static string JoinedText(string room, int others)
    {
        var company = others switch
        {
            0 => "nobody else is here",
            1 => "1 other is here",
            _ => $"{others} others are here",
        };
        return $"you are in {room}; {company}";
    }

    private static string Truncate(string text, int maxChars) => text.Length <= maxChars ? text : text[..maxChars];

    private void Kick(LineCommand command)
    {
        if (Member.CurrentRoom is not { } room)
        {
            SendError("you are in no room");
            return;
        }

        if (command.Target.Length == 0)
        {
            SendError("usage: /kick NICK [REASON]");
            return;
        }

        var error = Hub.Kick(Member, room, command.Target, command.Text, out _);
        if (error == ChatError.None)
        {
            SendNotice($"you kicked {command.Target} from {room.Name}");
        }
        else
        {
            SendError(RoomRefusal(room, command.Target, "kick", error));
        }
    }

    private void Invite(LineCommand command)
    {
        if (Member.CurrentRoom is not { } room)
        {
            SendError("you are in no room");
            return;
        }

        if (command.Target.Length == 0)
        {
            SendError("usage: /invite NICK");
            return;
        }

        var error = Hub.Invite(Member, command.Target, room, out var target, out _);
        if (error == ChatError.None)
        {
            SendNotice($"you invited {target!.Name} to {room.Name}");
        }
        else
        {
            SendError(RoomRefusal(room, command.Target, "invite", error));
        }
    }

    private void Mode(LineCommand command)
    {
        if (Member.CurrentRoom is not { } room)
        {
            SendError("you are in no room");
            return;
        }

        var words = command.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            SendNotice($"modes of {room.Name}: {ModeStrings.Of(room.Modes, showKey: true)}");
            return;
        }

        var request = IrcModeString.Parse(words[0], words[1..]);
        foreach (var letter in request.Unknown)
        {
            SendError($"unknown mode {letter}; /help lists the modes");
        }

        foreach (var letter in request.MissingArgument)
        {
            SendError($"mode {letter} needs an argument");
        }

        if (request.ListBans)
        {
            SendNotice($"bans in {room.Name} ({room.Bans.Count}):");
            foreach (var ban in room.Bans)
            {
                SendNotice($"  {ban.Mask} (set by {ban.SetBy})");
            }
        }

        if (request.Changes.Count == 0)
        {
            return;
        }

        if (Hub.SetModes(Member, room, ModeStrings.Changes(request), out var errors, out var changed) == ChatError.NotOperator)
        {
            SendError($"only the operators of {room.Name} may change its modes");
            return;
        }

        foreach (var (change, error) in errors)
        {
            SendError($"{ModeStrings.Format([change])}: {RoomRefusal(room, change.Argument ?? string.Empty, "set that mode", error)}");
        }

        if (changed is not null)
        {
            SendNotice($"you set mode {ModeStrings.Format(changed.Modes)} on {room.Name}");
        }
    }

    /// <summary>Why a room operation on <paramref name="nick"/> was refused, in words.</summary>
    private static string RoomRefusal(Room room, string nick, string what, ChatError error) => error switch
    {
        ChatError.NotOperator => $"only the operators of {room.Name} may {what}",
        ChatError.NotInRoom => $"you are not in {room.Name}",
        ChatError.NoSuchNick => $"no one is called {nick}",
        ChatError.TargetNotInRoom => $"{nick} is not in {room.Name}",
        ChatError.TargetInRoom => $"{nick} is in {room.Name} already",
        ChatError.InvalidModeArgument => "that argument is not valid",
        ChatError.BanListFull => "the ban list is full",
        _ => "refused",
    };
}
