using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>How IRC names rooms and their members, shared by the command families.</summary>
internal static class IrcChannels
{
    /// <summary>The room an IRC channel name names: it must start with '#'.</summary>
    public static Room? Find(ChatHub hub, string channel) => channel.StartsWith('#') ? hub.FindRoom(channel) : null;

    /// <summary>The room <paramref name="channel"/> names, or null once the client is told there is none (403).</summary>
    public static Room? FindOrRefuse(IIrcCommandContext context, string channel)
    {
        var room = Find(context.Hub, channel);
        if (room is null)
        {
            context.Numeric(IrcNumerics.ErrNoSuchChannel, channel, "No such channel");
        }

        return room;
    }

    /// <summary>A member's prefix in a room (NAMES, WHO, WHOIS): "@", "+", both with multi-prefix, or nothing.</summary>
    public static string Prefix(Room room, Member member, IrcCapabilitySet caps)
    {
        var op = room.IsOperator(member);
        var voice = room.IsVoiced(member);
        return op && voice && caps.Has(IrcCaps.MultiPrefix) ? "@+" : op ? "@" : voice ? "+" : string.Empty;
    }

    /// <summary>The numeric for a refused channel operation on <paramref name="nick"/> (KICK, INVITE, MODE).</summary>
    public static void Refused(IIrcCommandContext context, string channel, string nick, ChatError error)
    {
        switch (error)
        {
            case ChatError.NoSuchNick:
                context.Numeric(IrcNumerics.ErrNoSuchNick, nick, "No such nick/channel");
                break;
            case ChatError.NotInRoom:
                context.Numeric(IrcNumerics.ErrNotOnChannel, channel, "You're not on that channel");
                break;
            case ChatError.NotOperator:
                context.Numeric(IrcNumerics.ErrChanOPrivsNeeded, channel, "You're not channel operator");
                break;
            case ChatError.TargetNotInRoom:
                context.Numeric(IrcNumerics.ErrUserNotInChannel, nick, channel, "They aren't on that channel");
                break;
            case ChatError.TargetInRoom:
                context.Numeric(IrcNumerics.ErrUserOnChannel, nick, channel, "is already on channel");
                break;
            default:
                context.Numeric(IrcNumerics.ErrUnknownError, channel, "Cannot do that");
                break;
        }
    }
}
