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

    /// <summary>
    /// ISON nick…: which of them are here. In a cluster, a nick this node does not show is asked of
    /// the cluster (its nick's grain: held on another node?), all such at once; a single server
    /// answers without waiting.
    /// </summary>
    public ValueTask IsOnAsync(IrcMessage message)
    {
        var nicks = message.Parameters.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        if (nicks.Any(Hub.MustLocate))
        {
            return IsOnLocatedAsync(nicks);
        }

        context.Numeric(IrcNumerics.RplIsOn, string.Join(' ', nicks.Select(Hub.FindNickAnywhere).OfType<Member>().Select(m => m.Nick)));
        return default;
    }

    private async ValueTask IsOnLocatedAsync(string[] nicks)
    {
        var found = await Task.WhenAll(nicks.Select(async nick => Hub.MustLocate(nick) ? await Hub.LocateNickAsync(nick) : Hub.FindNickAnywhere(nick)));
        context.Numeric(IrcNumerics.RplIsOn, string.Join(' ', found.OfType<Member>().Select(m => m.Nick)));
    }

    /// <summary>
    /// USERHOST nick… (at most 5): nick=+user@host, '-' when away. In a cluster, a nick this node
    /// does not show is described by its own node (as WHOIS does), all such at once.
    /// </summary>
    public ValueTask UserHostAsync(IrcMessage message)
    {
        var nicks = message.Parameters.Take(5).ToArray();
        if (nicks.Any(Hub.MustLocate))
        {
            return UserHostLocatedAsync(nicks);
        }

        UserHost(nicks.Select(Hub.FindNickAnywhere));
        return default;
    }

    private async ValueTask UserHostLocatedAsync(string[] nicks) =>
        UserHost(await Task.WhenAll(nicks.Select(async nick => Hub.MustLocate(nick) ? await Hub.DescribeNickAsync(nick) : Hub.FindNickAnywhere(nick))));

    private void UserHost(IEnumerable<Member?> members) =>
        context.Numeric(IrcNumerics.RplUserHost, string.Join(' ', members.OfType<Member>().Select(m => $"{m.Nick}={(m.Away is null ? '+' : '-')}{m.User}@{m.Host}")));

    /// <summary>TIME: the server's time, from the hub's clock (the one every timestamp it sends comes from).</summary>
    public ValueTask TimeAsync()
    {
        context.Numeric(IrcNumerics.RplTime, ServerName, Hub.Time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        return default;
    }
}
