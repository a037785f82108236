using Microsoft.Extensions.Logging;

using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Sessions;

namespace Piazza.Server.Irc;

/// <summary>
/// RENAME: renaming a channel (https://ircv3.net/specs/extensions/channel-rename, the
/// <c>draft/channel-rename</c> cap). The rules are the hub's (<see cref="ChatHub.Rename"/>); this
/// maps them to the spec's replies.
/// </summary>
/// <remarks>
/// Threads: the session's read loop only; keeps no state. Refusals: 403 (no such channel), 442
/// (not on it), 482 (not its operator), 479 ERR_BADCHANNAME for a new name that is no valid
/// channel (the spec names no code for it; its advice is an existing numeric where one fits, and
/// 479 is what InspIRCd, UnrealIRCd and Hybrid use), and the spec's <c>FAIL RENAME
/// CHANNEL_NAME_IN_USE</c> and <c>FAIL RENAME CANNOT_RENAME</c> (a permanent room) — always FAIL,
/// with or without standard-replies or the cap, as the spec allows: a client that sends RENAME
/// knows the draft. A renamer without the cap is shown the fallback, as everyone else without it,
/// unless it renamed from outside the channel (a server operator): then a NOTICE says so.
/// </remarks>
internal sealed class IrcRenameCommands(IIrcCommandContext context, ILogger logger)
{
    private ChatHub Hub => context.Hub;

    /// <summary><c>RENAME &lt;old-channel&gt; &lt;new-channel&gt; [:reason]</c>.</summary>
    public async ValueTask RenameAsync(IrcMessage message)
    {
        var newChannel = message.Parameters[1];
        var reason = message.Parameters.Count > 2 ? message.Parameters[2] : string.Empty;
        if (IrcChannels.FindOrRefuse(context, message.Parameters[0]) is not { } room)
        {
            return;
        }

        var oldName = room.Name;

        var channel = IrcEventEncoder.Channel(room);
        var (error, renamed) = newChannel.StartsWith('#') ? await Hub.RenameAsync(context.Member, room, newChannel, reason) : (ChatError.InvalidRoom, null);
        switch (error)
        {
            case ChatError.None when context.Caps.Has(IrcCaps.ChannelRename):
                context.Echo(renamed!);
                break;
            case ChatError.None when !room.Contains(context.Member):
                // A server operator from outside: a PART and JOIN would put it in the channel.
                context.ServerReply("NOTICE", [context.Nick, $"{channel} is now {IrcEventEncoder.Channel(renamed!.RoomName!)}"]);
                break;
            case ChatError.None:
                if (IrcRenameFallback.IsNeeded(renamed!))
                {
                    foreach (var line in IrcRenameFallback.Lines(renamed!, context.Member, context.Caps, context.Irc.ServerName))
                    {
                        context.Reply(line);
                    }
                }

                break;
            case ChatError.NotInRoom or ChatError.NotOperator:
                IrcChannels.Refused(context, channel, string.Empty, error);
                break;
            case ChatError.InvalidRoom:
                context.Numeric(IrcNumerics.ErrBadChanName, newChannel, "Illegal channel name");
                break;
            case ChatError.RoomNameInUse:
                Fail("CHANNEL_NAME_IN_USE", channel, newChannel, "The channel name is already taken");
                break;
            case ChatError.CannotRename:
                Fail("CANNOT_RENAME", channel, newChannel, "This channel is permanent and cannot be renamed");
                break;
            default:
                context.Numeric(IrcNumerics.ErrNoSuchChannel, message.Parameters[0], "No such channel");
                break;
        }

        if (error == ChatError.None)
        {
            await RenamedRoomMarkers.MoveAsync(Hub, logger, oldName, renamed!.RoomName!);
        }
    }

    private void Fail(string code, string oldChannel, string newChannel, string description) =>
        context.ServerReply("FAIL", ["RENAME", code, IrcText.ForEcho(oldChannel), IrcText.ForEcho(newChannel), description]);
}
