using System.Globalization;
using System.Reflection;

using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.History;

namespace Piazza.Server.Irc;

/// <summary>
/// What the server says about itself: the welcome a client gets once registered (001-004,
/// ISUPPORT, LUSERS, MOTD), and LUSERS, MOTD, VERSION, INFO and LINKS on request
/// (https://modern.ircdocs.horse/#connection-registration).
/// </summary>
/// <remarks>Threads: the session's read loop only; keeps no state.</remarks>
internal sealed class IrcServerInfoCommands(IIrcCommandContext context, HistoryOptions history)
{
    private ChatHub Hub => context.Hub;

    private string ServerName => context.Irc.ServerName;

    private static string VersionString { get; } = "piazza-" +
        (typeof(IrcServerInfoCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0").Split('+')[0];

    /// <summary>The welcome burst, right after registration: 001-004, ISUPPORT, LUSERS, MOTD.</summary>
    public void SendWelcome()
    {
        var version = VersionString;
        context.Numeric(IrcNumerics.RplWelcome, $"Welcome to the {context.Irc.Network} IRC network, {IrcEventEncoder.SourceOf(context.Member)}");
        context.Numeric(IrcNumerics.RplYourHost, $"Your host is {ServerName}, running version {version}");
        context.Numeric(IrcNumerics.RplCreated, $"This server was created {Hub.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        context.Numeric(IrcNumerics.RplMyInfo, ServerName, version, "Biow", IrcModeString.ChannelModeLetters, "Ibeklov");
        SendISupport();
        SendLUsers();
        SendMotd();
    }

    /// <summary>LUSERS: how many are here.</summary>
    public ValueTask LUsersAsync()
    {
        SendLUsers();
        return default;
    }

    /// <summary>MOTD: the message of the day, or 422 when there is none.</summary>
    public ValueTask MotdAsync()
    {
        SendMotd();
        return default;
    }

    /// <summary>VERSION: RPL_VERSION, then ISUPPORT again, as modern servers do.</summary>
    public ValueTask VersionAsync()
    {
        context.Numeric(IrcNumerics.RplVersion, VersionString, ServerName, "Piazza chat server");
        SendISupport();
        return default;
    }

    /// <summary>
    /// INFO [server]: 371 lines about the server, then 374 (https://modern.ircdocs.horse/#info-message);
    /// a server other than this one is <c>402 &lt;you&gt; &lt;server&gt; :No such server</c>.
    /// </summary>
    public ValueTask InfoAsync(IrcMessage message)
    {
        if (message.Parameters.Count > 0 && !string.Equals(message.Parameters[0], ServerName, StringComparison.OrdinalIgnoreCase))
        {
            context.Numeric(IrcNumerics.ErrNoSuchServer, message.Parameters[0], "No such server");
            return default;
        }

        string[] lines =
        [
            $"{VersionString}: {context.Irc.ServerDescription}",
            "One set of rooms for plain-text clients (nc, piazza) and IRC clients.",
            $"Server {ServerName} on network {context.Irc.Network}",
            $"Up since {Hub.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC",
        ];
        foreach (var line in lines)
        {
            context.Numeric(IrcNumerics.RplInfo, line);
        }

        context.Numeric(IrcNumerics.RplEndOfInfo, "End of /INFO list");
        return default;
    }

    /// <summary>LINKS: this server alone, as <c>364 &lt;you&gt; &lt;server&gt; &lt;server&gt; :0 &lt;Irc:ServerDescription&gt;</c>, then 365 (https://modern.ircdocs.horse/#links-message).</summary>
    public ValueTask LinksAsync()
    {
        context.Numeric(IrcNumerics.RplLinks, ServerName, ServerName, "0 " + context.Irc.ServerDescription);
        context.Numeric(IrcNumerics.RplEndOfLinks, "*", "End of /LINKS list");
        return default;
    }

    /// <summary>RPL_ISUPPORT: every token says what this server really does (https://modern.ircdocs.horse/#rplisupport-005).</summary>
    private void SendISupport()
    {
        var o = Hub.Options;
        var maxTargets = IrcMessageCommands.MaxTargets;
        string[] tokens =
        [
            $"AWAYLEN={o.MaxReasonLength}",
            IrcBotMode.IsupportToken,
            "CASEMAPPING=ascii",
            $"CHANLIMIT=#:{o.MaxRoomsPerMember}",
            .. Hub.History is null ? Array.Empty<string>() : [$"CHATHISTORY={history.MaxQuery}", "MSGREFTYPES=msgid,timestamp"],
            "CHANMODES=" + IrcModeString.ChanModesToken,
            $"CHANNELLEN={o.MaxRoomNameLength + 1}",
            "CHANTYPES=#",
            "ELIST=" + IrcListFilter.ElistToken,
            "EXCEPTS=e",
            "EXTBAN=,m",
            "INVEX=I",
            $"KICKLEN={o.MaxReasonLength}",
            $"MAXLIST=b:{o.MaxBansPerRoom},e:{o.MaxBansPerRoom},I:{o.MaxBansPerRoom}",
            "MODES=4",
            $"MONITOR={o.MaxMonitoredNicks}",
            $"NETWORK={context.Irc.Network}",
            $"NICKLEN={o.MaxNickLength}",
            "PREFIX=(ov)@+",
            "STATUSMSG=" + IrcStatusTarget.Prefixes,
            $"TARGMAX=PRIVMSG:{maxTargets},NOTICE:{maxTargets},TAGMSG:{maxTargets},JOIN:,PART:,KICK:,WHOIS:1,NAMES:",
            $"TOPICLEN={o.MaxTopicLength}",
            "USERLEN=11",
            "UTF8ONLY",
            "WHOX",
        ];
        foreach (var chunk in tokens.Where(t => t.Length > 0).Chunk(12))
        {
            context.Numeric(IrcNumerics.RplISupport, [.. chunk, "are supported by this server"]);
        }
    }

    private void SendLUsers()
    {
        var users = Hub.MemberCount;
        var invisible = Math.Min(Hub.InvisibleCount, users);
        context.Numeric(IrcNumerics.RplLUserClient, $"There are {users - invisible} users and {invisible} invisible on 1 servers");
        context.Numeric(IrcNumerics.RplLUserOp, Hub.ServerOperatorCount.ToString(CultureInfo.InvariantCulture), "operator(s) online");
        context.Numeric(IrcNumerics.RplLUserChannels, Hub.RoomCount.ToString(CultureInfo.InvariantCulture), "channels formed");
        context.Numeric(IrcNumerics.RplLUserMe, $"I have {users} clients and 0 servers");
        context.Numeric(IrcNumerics.RplLocalUsers, $"Current local users: {users}");
        context.Numeric(IrcNumerics.RplGlobalUsers, $"Current global users: {users}");
    }

    private void SendMotd()
    {
        if (context.Irc.Motd.Count == 0)
        {
            context.Numeric(IrcNumerics.ErrNoMotd, "MOTD File is missing");
            return;
        }

        context.Numeric(IrcNumerics.RplMotdStart, $"- {ServerName} Message of the day - ");
        foreach (var line in context.Irc.Motd)
        {
            context.Numeric(IrcNumerics.RplMotd, "- " + line);
        }

        context.Numeric(IrcNumerics.RplEndOfMotd, "End of /MOTD command.");
    }
}
