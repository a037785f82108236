using Piazza.Core;
using Piazza.Protocol.Line;

namespace Piazza.Server.Plain;

/// <summary>
/// Registered rooms, the plain protocol's ChanServ: <c>/register-room</c> and <c>/unregister-room</c>.
/// The rules are the hub's (<see cref="ChatHub.RegisterRoom"/>); each waits until the store has the
/// change. On a node of a cluster a room it does not have is first asked of the cluster
/// (<see cref="ChatHub.LearnRegistrationAsync"/>). A struct made for each command (see <see cref="PlainClientCommands"/>).
/// </summary>
internal readonly struct PlainRoomRegistrationCommands(IPlainCommandContext context)
{
    private ChatHub Hub => context.Hub;

    private Member Member => context.Member;

    /// <summary>/register-room [ROOM]: the current room by default.</summary>
    public async ValueTask<string?> RegisterAsync(LineCommand command)
    {
        if (RoomNamed(command) is not { } roomName)
        {
            return null;
        }

        await Hub.LearnRegistrationAsync(roomName);
        var error = Hub.RegisterRoom(Member, roomName, out var room, out var stored);
        if (error != ChatError.None)
        {
            context.SendError(Refusal(roomName, error));
            return null;
        }

        context.SendNotice(await stored
            ? $"you registered {room!.Name} to your account {Member.Account}: its modes, bans and operators outlive restarts, and you get operator on joining"
            : $"{room!.Name} is registered, but it could not be stored: it will not outlive a restart");
        return null;
    }

    /// <summary>/unregister-room [ROOM]: the current room by default.</summary>
    public async ValueTask<string?> UnregisterAsync(LineCommand command)
    {
        if (RoomNamed(command) is not { } roomName)
        {
            return null;
        }

        await Hub.LearnRegistrationAsync(roomName);
        var error = Hub.UnregisterRoom(Member, roomName, out var room, out var stored);
        if (error != ChatError.None)
        {
            context.SendError(Refusal(roomName, error));
            return null;
        }

        context.SendNotice(await stored
            ? $"you unregistered {room!.Name}; it stays, as an ordinary room"
            : $"{room!.Name} is unregistered, but the store could not forget it: it may be registered again after a restart");
        return null;
    }

    /// <summary>The room a command names, else the current one; null (after saying why) when there is none.</summary>
    private string? RoomNamed(LineCommand command)
    {
        if (command.Target.Length > 0)
        {
            return command.Target;
        }

        if (Member.CurrentRoom is { } current)
        {
            return current.Name;
        }

        context.SendError("you are in no room; name one: /" + command.Verb + " ROOM");
        return null;
    }

    private string Refusal(string roomName, ChatError error)
    {
        var room = RoomName.Strip(roomName);
        if (room.Length > 50)
        {
            room = room[..50] + "…";
        }

        return error switch
        {
            ChatError.NotLoggedIn => "log in to an account first (/login NAME PASSWORD, or /register PASSWORD)",
            ChatError.InvalidRoom => $"invalid room name {room}: {RoomName.Validate(roomName, Hub.Options.MaxRoomNameLength, out _)}",
            ChatError.NoSuchRoom => $"there is no room called {room}",
            ChatError.PermanentRoom => $"{room} is permanent: it is the server's, and cannot be registered",
            ChatError.NotOperator => $"only the operators of {room} may register it",
            ChatError.AlreadyRegistered => $"{room} is registered already",
            ChatError.TooManyRegistrations => $"you have registered {Hub.Registrations.MaxPerAccount} rooms, the most an account may",
            ChatError.NotRegistered => $"{room} is not registered",
            ChatError.NotFounder => $"only the founder of {room} (or a server operator) may unregister it",
            _ => "refused",
        };
    }
}
