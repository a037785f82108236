using System.Globalization;

using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

internal sealed partial class IrcSession
{
    /// <summary>WHO #chan | WHO nick (https://modern.ircdocs.horse/#who-message); WHOX is not supported.</summary>
    internal void Who(IrcMessage message)
    {
        var mask = message.Parameters.Count > 0 ? message.Parameters[0] : "*";
        if (mask.StartsWith('#'))
        {
            if (FindChannel(mask) is { } room)
            {
                foreach (var member in room.Members)
                {
                    WhoReply(IrcEventEncoder.Channel(room), member, Prefix(room, member));
                }
            }
        }
        else if (Hub.FindNick(mask) is { } member)
        {
            WhoReply("*", member, string.Empty);
        }

        Numeric(IrcNumerics.RplEndOfWho, mask, "End of WHO list");
    }

    /// <summary>WHOIS [server] nick.</summary>
    internal void Whois(IrcMessage message)
    {
        var nick = message.Parameters[^1];
        var member = Hub.FindNick(nick);
        if (member is null)
        {
            Numeric(IrcNumerics.ErrNoSuchNick, nick, "No such nick/channel");
            Numeric(IrcNumerics.RplEndOfWhois, nick, "End of /WHOIS list");
            return;
        }

        Numeric(IrcNumerics.RplWhoisUser, member.Nick, member.User, member.Host, "*", member.RealName);
        var rooms = member.Rooms;
        if (rooms.Length > 0)
        {
            Numeric(IrcNumerics.RplWhoisChannels, member.Nick, string.Join(' ', rooms.Select(r => Prefix(r, member) + IrcEventEncoder.Channel(r))));
        }

        Numeric(IrcNumerics.RplWhoisServer, member.Nick, ServerName, _irc.Network);
        if (member.IsServerOperator)
        {
            Numeric(IrcNumerics.RplWhoisOperator, member.Nick, "is an IRC operator");
        }
        if (member.Away is { } away)
        {
            Numeric(IrcNumerics.RplAway, member.Nick, away);
        }

        Numeric(IrcNumerics.RplWhoisIdle, member.Nick, "0", member.ConnectedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), "seconds idle, signon time");
        Numeric(IrcNumerics.RplEndOfWhois, member.Nick, "End of /WHOIS list");
    }

    /// <summary>ISON nick…: which of them are here.</summary>
    internal void IsOn(IrcMessage message)
    {
        var present = message.Parameters.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(Hub.FindNick).OfType<Member>().Select(m => m.Nick);
        Numeric(IrcNumerics.RplIsOn, string.Join(' ', present));
    }

    /// <summary>USERHOST nick… (at most 5): nick=+user@host, '-' when away.</summary>
    internal void UserHost(IrcMessage message)
    {
        var replies = message.Parameters.Take(5).Select(Hub.FindNick).OfType<Member>()
            .Select(m => $"{m.Nick}={(m.Away is null ? '+' : '-')}{m.User}@{m.Host}");
        Numeric(IrcNumerics.RplUserHost, string.Join(' ', replies));
    }

    /// <summary>TIME: the server's time, from the hub's clock (the one every timestamp it sends comes from).</summary>
    internal void Time() =>
        Numeric(IrcNumerics.RplTime, ServerName, Hub.Time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));

    private void WhoReply(string channel, Member member, string prefix)
    {
        var flags = (member.Away is null ? "H" : "G") + prefix;
        Numeric(IrcNumerics.RplWhoReply, channel, member.User, member.Host, ServerName, member.Nick, flags, "0 " + member.RealName);
    }
}
