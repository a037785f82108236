using Piazza.Core;
using Piazza.Protocol.Line;

namespace Piazza.Server.Plain;

/// <summary>
/// What the client says: a line that is no command (the seed's chat, to the current room),
/// <c>/me</c> and <c>/msg</c>. A struct made for each command (see <see cref="PlainClientCommands"/>).
/// </summary>
internal readonly struct PlainMessageCommands(IPlainCommandContext context)
{
    private ChatHub Hub => context.Hub;

    private Member Member => context.Member;

    /// <summary>Chat text, or with <paramref name="action"/> <c>/me TEXT</c>, to the current room.</summary>
    public ValueTask<string?> Say(string text, bool action)
    {
        if (text.Length == 0)
        {
            SendError("usage: /me TEXT");
            return default;
        }

        switch (Hub.Say(Member, text, action, out var room, out var said))
        {
            case ChatError.None when !Hub.WhenShownAsync(said!).IsCompleted:
                // In a cluster: the next line waits until this one is shown (stored and placed).
                return WaitShownAsync(said!);
            case ChatError.NotInRoom:
                SendError("you are in no room; /join ROOM to enter one");
                break;
            case ChatError.CannotSend:
                SendError($"you cannot speak in {room!.Name} now: it is moderated (+m) or you are banned there");
                break;
            case ChatError.NotStored:
                SendError($"not sent to {room!.Name}: the history cannot store messages now; try again");
                break;
        }

        return default;
    }

    private async ValueTask<string?> WaitShownAsync(ChatEvent said)
    {
        if (!await Hub.WaitShownAsync(said))
        {
            context.SendNotice($"your message to {said.Room?.Name ?? said.TargetNick} waits for the history to store it; it goes out once stored");
        }

        return null;
    }

    /// <summary>/msg NICK TEXT</summary>
    public ValueTask<string?> PrivateMessage(LineCommand command)
    {
        if (command.Target.Length == 0 || command.Text.Length == 0)
        {
            SendError("usage: /msg NICK TEXT");
            return default;
        }

        if (Hub.MustLocate(command.Target))
        {
            // In a cluster, a nick this node does not show: its node is asked of the cluster.
            return SendToLocatedAsync(command);
        }

        return SendPrivate(command, located: null) is { } held ? WaitShownAsync(held) : default;
    }

    private async ValueTask<string?> SendToLocatedAsync(LineCommand command)
    {
        if (SendPrivate(command, await Hub.LocateRecipientAsync(Member, command.Target)) is { } held)
        {
            await WaitShownAsync(held);
        }

        return null;
    }

    /// <summary>Sends the private message; returns it when it is not shown yet (in a cluster, a stored one waits for its commit), for the next line to wait.</summary>
    private ChatEvent? SendPrivate(LineCommand command, Member? located)
    {
        switch (Hub.SendPrivate(Member, command.Target, command.Text, MessageStyle.Text, default, out _, out var sent, located))
        {
            case ChatError.None when !Hub.WhenShownAsync(sent!).IsCompleted:
                return sent;
            case ChatError.NoSuchNick:
                SendError($"no one is called {command.Target}");
                break;
            case ChatError.NotStored:
                SendError($"not sent to {command.Target}: the history cannot store messages now; try again");
                break;
        }

        return null;
    }

    private void SendError(string text) => context.SendError(text);
}
