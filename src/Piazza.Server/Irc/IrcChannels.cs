using Piazza.Core;

namespace Piazza.Server.Irc;

/// <summary>How IRC names rooms and their members, shared by the command families.</summary>
internal static class IrcChannels
{
    /// <summary>The room an IRC channel name names: it must start with '#'.</summary>
    public static Room? Find(ChatHub hub, string channel) => channel.StartsWith('#') ? hub.FindRoom(channel) : null;

    /// <summary>A member's prefix in a room (NAMES, WHO, WHOIS): "@", "+", both with multi-prefix, or nothing.</summary>
    public static string Prefix(Room room, Member member, IrcCapabilitySet caps)
    {
        var op = room.IsOperator(member);
        var voice = room.IsVoiced(member);
        return op && voice && caps.Has(IrcCaps.MultiPrefix) ? "@+" : op ? "@" : voice ? "+" : string.Empty;
    }
}
