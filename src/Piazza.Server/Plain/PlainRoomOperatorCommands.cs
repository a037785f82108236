using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Protocol.Line;
using Piazza.Server.Sessions;

namespace Piazza.Server.Plain;

/// <summary>
/// What a room's operators do to the current room: <c>/kick</c>, <c>/invite</c>, <c>/rename</c>,
/// <c>/mode</c> (anyone may look at the modes). A struct made for each command (see <see cref="PlainClientCommands"/>).
/// </summary>
internal readonly struct PlainRoomOperatorCommands(IPlainCommandContext context)
{
    private ChatHub Hub => context.Hub;

    private Member Member => context.Member;

    /// <summary>/kick NICK [REASON]</summary>
    public ValueTask<string?> Kick(LineCommand command)
    {
        if (Member.CurrentRoom is not { } room)
        {
            SendError("you are in no room");
            return default;
        }

        if (command.Target.Length == 0)
        {
            SendError("usage: /kick NICK [REASON]");
            return default;
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

        return default;
    }

    /// <summary>/invite NICK</summary>
    public ValueTask<string?> Invite(LineCommand command)
    {
        if (Member.CurrentRoom is not { } room)
        {
            SendError("you are in no room");
            return default;
        }

        if (command.Target.Length == 0)
        {
            SendError("usage: /invite NICK");
            return default;
        }

        if (Hub.MustLocate(command.Target))
        {
            // In a cluster, a nick this node does not show: its node is asked of the cluster.
            return InviteLocatedAsync(command.Target, room);
        }

        Invite(command.Target, room, located: null);
        return default;
    }

    private async ValueTask<string?> InviteLocatedAsync(string nick, Room room)
    {
        Invite(nick, room, await Hub.LocateNickAsync(nick));
        return null;
    }

    private void Invite(string nick, Room room, Member? located)
    {
        var error = Hub.Invite(Member, nick, room, out var target, out _, located);
        if (error == ChatError.None)
        {
            SendNotice($"you invited {target!.Name} to {room.Name}");
        }
        else
        {
            SendError(RoomRefusal(room, nick, "invite", error));
        }
    }

    /// <summary>/mode [CHANGES [ARGS]], in IRC's letters.</summary>
    public ValueTask<string?> Mode(LineCommand command)
    {
        if (Member.CurrentRoom is not { } room)
        {
            SendError("you are in no room");
            return default;
        }

        var words = command.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            SendNotice($"modes of {room.Name}: {ModeStrings.Of(room.Modes, showKey: true)}");
            return default;
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

        foreach (var list in request.Lists)
        {
            var entries = room.ListOf(list) ?? [];
            var what = list switch { 'e' => "ban exceptions", 'I' => "invite exceptions", _ => "bans" };
            SendNotice($"{what} in {room.Name} ({entries.Count}):");
            foreach (var ban in entries)
            {
                SendNotice($"  {ban.Mask} (set by {ban.SetBy})");
            }
        }

        if (request.Changes.Count == 0)
        {
            return default;
        }

        if (Hub.SetModes(Member, room, ModeStrings.Changes(request), out var errors, out var changed) == ChatError.NotOperator)
        {
            SendError($"only the operators of {room.Name} may change its modes");
            return default;
        }

        foreach (var (change, error) in errors)
        {
            SendError($"{ModeStrings.Format([change])}: {RoomRefusal(room, change.Argument ?? string.Empty, "set that mode", error)}");
        }

        if (changed is not null)
        {
            SendNotice($"you set mode {ModeStrings.Format(changed.Modes)} on {room.Name}");
        }

        return default;
    }

    /// <summary>/rename NAME [REASON]: the current room stays current under its new name.</summary>
    public async ValueTask<string?> Rename(LineCommand command)
    {
        if (Member.CurrentRoom is not { } room)
        {
            SendError("you are in no room");
            return null;
        }

        if (command.Target.Length == 0)
        {
            SendError("usage: /rename NAME [REASON]");
            return null;
        }

        var oldName = room.Name;
        var (error, renamed) = await Hub.RenameAsync(Member, room, command.Target, command.Text);
        switch (error)
        {
            case ChatError.None:
                SendNotice($"you renamed {oldName} to {renamed!.RoomName}");
                await RenamedRoomMarkers.MoveAsync(Hub, context.Logger, oldName, renamed.RoomName!);
                break;
            case ChatError.InvalidRoom:
                SendError(RoomName.Validate(command.Target, Hub.Options.MaxRoomNameLength, out _) ?? "that is no room name");
                break;
            case ChatError.RoomNameInUse:
                SendError($"there is a room called {RoomName.Strip(command.Target)} already");
                break;
            case ChatError.CannotRename:
                SendError($"{oldName} is permanent: it keeps its name");
                break;
            default:
                SendError(RoomRefusal(room, string.Empty, "rename it", error));
                break;
        }

        return null;
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

    private void SendNotice(string text) => context.SendNotice(text);

    private void SendError(string text) => context.SendError(text);
}
