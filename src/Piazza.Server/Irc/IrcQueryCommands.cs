using System.Globalization;

using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// Commands that only look: WHOIS, ISON, USERHOST, TIME. They change nothing and keep no
/// state, so they need no more than <see cref="IIrcCommandContext"/>.
/// </summary>
internal sealed class IrcQueryCommands(IIrcCommandContext context)
{
    private ChatHub Hub => context.Hub;

    private string ServerName => context.Irc.ServerName;

    /// <summary>WHOIS [server] nick.</summary>
    public ValueTask WhoisAsync(IrcMessage message)
    {
        var nick = message.Parameters[^1];
        var member = Hub.FindNickAnywhere(nick);
        if (member is null && Hub.MustLocate(nick))
        {
            // In a cluster, a nick this node does not show: its node is asked to describe it.
            return WhoisLocatedAsync(nick);
        }

        Whois(nick, member);
        return default;
    }

    private async ValueTask WhoisLocatedAsync(string nick) => Whois(nick, await Hub.DescribeNickAsync(nick));

    private void Whois(string nick, Member? member)
    {
        if (member is null)
        {
            context.Numeric(IrcNumerics.ErrNoSuchNick, nick, "No such nick/channel");
            context.Numeric(IrcNumerics.RplEndOfWhois, nick, "End of /WHOIS list");
            return;
        }

        context.Numeric(IrcNumerics.RplWhoisUser, member.Nick, member.User, member.Host, "*", member.RealName);
        var rooms = member.Rooms.Where(r => r.IsVisibleTo(context.Member)).ToArray(); // +s: hidden from outsiders
        if (rooms.Length > 0)
        {
            context.Numeric(IrcNumerics.RplWhoisChannels, member.Nick, string.Join(' ', rooms.Select(r => IrcChannels.Prefix(r, member, context.Caps) + IrcEventEncoder.Channel(r))));
        }

        context.Numeric(IrcNumerics.RplWhoisServer, member.Nick, ServerName, context.Irc.Network);
        if (member.IsServerOperator)
        {
            context.Numeric(IrcNumerics.RplWhoisOperator, member.Nick, "is an IRC operator");
        }

        if (member.IsSecure)
        {
            context.Numeric(IrcNumerics.RplWhoisSecure, member.Nick, "is using a secure connection");
        }

        IrcBotMode.WhoisReply(context, member);
        if (member.Account is { } account)
        {
            context.Numeric(IrcNumerics.RplWhoisAccount, member.Nick, account, "is logged in as");
        }

        if (member.Away is { } away)
        {
            context.Numeric(IrcNumerics.RplAway, member.Nick, away);
        }

        context.Numeric(IrcNumerics.RplWhoisIdle, member.Nick, "0", member.ConnectedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), "seconds idle, signon time");
        context.Numeric(IrcNumerics.RplEndOfWhois, member.Nick, "End of /WHOIS list");
    }

    /// <summary>ISON nick…: which of them are here.</summary>
    public ValueTask IsOnAsync(IrcMessage message)
    {
        var present = message.Parameters.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(Hub.FindNickAnywhere).OfType<Member>().Select(m => m.Nick);
        context.Numeric(IrcNumerics.RplIsOn, string.Join(' ', present));
        return default;
    }

    /// <summary>USERHOST nick… (at most 5): nick=+user@host, '-' when away.</summary>
    public ValueTask UserHostAsync(IrcMessage message)
    {
        var replies = message.Parameters.Take(5).Select(Hub.FindNickAnywhere).OfType<Member>()
            .Select(m => $"{m.Nick}={(m.Away is null ? '+' : '-')}{m.User}@{m.Host}");
        context.Numeric(IrcNumerics.RplUserHost, string.Join(' ', replies));
        return default;
    }

    /// <summary>TIME: the server's time, from the hub's clock (the one every timestamp it sends comes from).</summary>
    public ValueTask TimeAsync()
    {
        context.Numeric(IrcNumerics.RplTime, ServerName, Hub.Time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        return default;
    }
}
