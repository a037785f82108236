using Piazza.Server.Accounts;
using Piazza.Server.History;
using Piazza.Server.Operators;
using Piazza.Server.Sessions;

namespace Piazza.Server.Irc;

/// <summary>
/// One session's command families, each made over the session's <see cref="IIrcCommandContext"/>
/// with what else it needs: what <see cref="IrcCommandTable"/>'s handlers call.
/// </summary>
/// <remarks>Threads: the session's read loop only, as every command.</remarks>
internal sealed class IrcCommandHandlers
{
    /// <summary>Wires the families to <paramref name="context"/>; <paramref name="session"/> is for registration alone.</summary>
    public IrcCommandHandlers(
        IIrcCommandContext context,
        IIrcSessionControl session,
        IrcRegistration registration,
        HistoryOptions history,
        HistoryReplay replay,
        OperatorAuthenticator operators,
        AccountAuthenticator accounts,
        IrcMonitorWatcher watcher,
        IrcCommandCounts commandCounts,
        ILogger logger)
    {
        var historyLines = new IrcHistoryLines(context);
        ServerInfo = new IrcServerInfoCommands(context, history);
        Accounts = new IrcAccountCommands(context, session, registration, accounts);
        Registration = new IrcRegistrationCommands(context, session, registration, ServerInfo, Accounts, logger);
        ChannelViews = new IrcChannelViews(context);
        ReadMarkers = new IrcReadMarkerCommands(context, logger);
        Channels = new IrcChannelCommands(context, ChannelViews, new IrcJoinReplay(context, history, replay, historyLines), ReadMarkers);
        ChanServ = new IrcChanServCommands(context);
        Messages = new IrcMessageCommands(context, ChanServ);
        Redaction = new IrcRedactionCommands(context);
        Rename = new IrcRenameCommands(context, logger);
        Multiline = new IrcMultilineCommands(context);
        Presence = new IrcPresenceCommands(context);
        Modes = new IrcModeCommands(context);
        Queries = new IrcQueryCommands(context);
        Who = new IrcWhoCommands(context);
        Help = new IrcHelpCommands(context);
        WhoWas = new IrcWhoWasCommands(context);
        Operators = new IrcOperatorCommands(context, operators, logger);
        ServerBans = new IrcServerBanCommands(context, logger);
        Stats = new IrcStatsCommands(context, commandCounts);
        History = new IrcHistoryCommands(context, history, historyLines);
        Monitor = new IrcMonitorCommands(context, watcher);
    }

    /// <summary>AUTHENTICATE (SASL), REGISTER.</summary>
    public IrcAccountCommands Accounts { get; }

    /// <summary>CAP, PASS, NICK, USER, PING, QUIT.</summary>
    public IrcRegistrationCommands Registration { get; }

    /// <summary>LUSERS, MOTD, VERSION, INFO, LINKS, and the welcome.</summary>
    public IrcServerInfoCommands ServerInfo { get; }

    /// <summary>JOIN, PART, TOPIC, KICK, INVITE.</summary>
    public IrcChannelCommands Channels { get; }

    /// <summary>NAMES, LIST.</summary>
    public IrcChannelViews ChannelViews { get; }

    /// <summary>ChanServ: CS, CHANSERV, and PRIVMSG ChanServ.</summary>
    public IrcChanServCommands ChanServ { get; }

    /// <summary>PRIVMSG, NOTICE, TAGMSG.</summary>
    public IrcMessageCommands Messages { get; }

    /// <summary>BATCH draft/multiline, and the lines of a client's batch.</summary>
    public IrcMultilineCommands Multiline { get; }

    /// <summary>REDACT.</summary>
    public IrcRedactionCommands Redaction { get; }

    /// <summary>RENAME.</summary>
    public IrcRenameCommands Rename { get; }

    /// <summary>AWAY, SETNAME.</summary>
    public IrcPresenceCommands Presence { get; }

    /// <summary>MODE.</summary>
    public IrcModeCommands Modes { get; }

    /// <summary>WHOIS, ISON, USERHOST, TIME.</summary>
    public IrcQueryCommands Queries { get; }

    /// <summary>WHO and WHOX.</summary>
    public IrcWhoCommands Who { get; }

    /// <summary>HELP, HELPOP.</summary>
    public IrcHelpCommands Help { get; }

    /// <summary>WHOWAS.</summary>
    public IrcWhoWasCommands WhoWas { get; }

    /// <summary>OPER, KILL, WALLOPS.</summary>
    public IrcOperatorCommands Operators { get; }

    /// <summary>KLINE, DLINE, UNKLINE, UNDLINE.</summary>
    public IrcServerBanCommands ServerBans { get; }

    /// <summary>STATS.</summary>
    public IrcStatsCommands Stats { get; }

    /// <summary>CHATHISTORY.</summary>
    public IrcHistoryCommands History { get; }

    /// <summary>MONITOR.</summary>
    public IrcMonitorCommands Monitor { get; }

    /// <summary>MARKREAD, and the marker a JOIN shows.</summary>
    public IrcReadMarkerCommands ReadMarkers { get; }
}
