using Piazza.Server.Accounts;
using Piazza.Server.History;
using Piazza.Server.Operators;
using Piazza.Server.Sessions;

namespace Piazza.Server.Irc;

/// <summary>
/// One session's command families, each made over the session's <see cref="IIrcCommandContext"/>
/// with what else it needs: what <see cref="IrcCommandTable"/>'s handlers call.
/// </summary>
/// <remarks>
/// Registration's families are made with the session; every other one when the client first
/// uses it: an idle client that never sends WHO, MONITOR or MARKREAD holds none of theirs
/// (about 1 KiB per connection measured; docs/benchmarks.md, memory per idle connection).
/// Threads: the session's read loop only, as every command.
/// </remarks>
internal sealed class IrcCommandHandlers
{
    private readonly IIrcCommandContext _context;
    private readonly HistoryOptions _history;
    private readonly HistoryReplay _replay;
    private readonly OperatorAuthenticator _operators;
    private readonly IrcMonitorWatcher _watcher;
    private readonly IrcCommandCounts _commandCounts;
    private readonly ILogger _logger;

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
        _context = context;
        _history = history;
        _replay = replay;
        _operators = operators;
        _watcher = watcher;
        _commandCounts = commandCounts;
        _logger = logger;
        ServerInfo = new IrcServerInfoCommands(context, history);
        Accounts = new IrcAccountCommands(context, session, registration, accounts);
        Registration = new IrcRegistrationCommands(context, session, registration, ServerInfo, Accounts, logger);
    }

    /// <summary>AUTHENTICATE (SASL), REGISTER.</summary>
    public IrcAccountCommands Accounts { get; }

    /// <summary>CAP, PASS, NICK, USER, PING, QUIT.</summary>
    public IrcRegistrationCommands Registration { get; }

    /// <summary>LUSERS, MOTD, VERSION, INFO, LINKS, and the welcome.</summary>
    public IrcServerInfoCommands ServerInfo { get; }

    /// <summary>JOIN, PART, TOPIC, KICK, INVITE.</summary>
    public IrcChannelCommands Channels => field ??= new IrcChannelCommands(_context, ChannelViews, new IrcJoinReplay(_context, _history, _replay, HistoryLines), ReadMarkers);

    /// <summary>NAMES, LIST.</summary>
    public IrcChannelViews ChannelViews => field ??= new IrcChannelViews(_context);

    /// <summary>ChanServ: CS, CHANSERV, and PRIVMSG ChanServ.</summary>
    public IrcChanServCommands ChanServ => field ??= new IrcChanServCommands(_context);

    /// <summary>PRIVMSG, NOTICE, TAGMSG.</summary>
    public IrcMessageCommands Messages => field ??= new IrcMessageCommands(_context, ChanServ);

    /// <summary>BATCH draft/multiline, and the lines of a client's batch.</summary>
    public IrcMultilineCommands Multiline => field ??= new IrcMultilineCommands(_context);

    /// <summary>REDACT.</summary>
    public IrcRedactionCommands Redaction => field ??= new IrcRedactionCommands(_context);

    /// <summary>RENAME.</summary>
    public IrcRenameCommands Rename => field ??= new IrcRenameCommands(_context, _logger);

    /// <summary>AWAY, SETNAME.</summary>
    public IrcPresenceCommands Presence => field ??= new IrcPresenceCommands(_context);

    /// <summary>MODE.</summary>
    public IrcModeCommands Modes => field ??= new IrcModeCommands(_context);

    /// <summary>WHOIS, ISON, USERHOST, TIME.</summary>
    public IrcQueryCommands Queries => field ??= new IrcQueryCommands(_context);

    /// <summary>WHO and WHOX.</summary>
    public IrcWhoCommands Who => field ??= new IrcWhoCommands(_context);

    /// <summary>HELP, HELPOP.</summary>
    public IrcHelpCommands Help => field ??= new IrcHelpCommands(_context);

    /// <summary>WHOWAS.</summary>
    public IrcWhoWasCommands WhoWas => field ??= new IrcWhoWasCommands(_context);

    /// <summary>OPER, KILL, WALLOPS.</summary>
    public IrcOperatorCommands Operators => field ??= new IrcOperatorCommands(_context, _operators, _logger);

    /// <summary>KLINE, DLINE, UNKLINE, UNDLINE.</summary>
    public IrcServerBanCommands ServerBans => field ??= new IrcServerBanCommands(_context, _logger);

    /// <summary>STATS.</summary>
    public IrcStatsCommands Stats => field ??= new IrcStatsCommands(_context, _commandCounts);

    /// <summary>CHATHISTORY.</summary>
    public IrcHistoryCommands History => field ??= new IrcHistoryCommands(_context, _history, HistoryLines);

    /// <summary>MONITOR.</summary>
    public IrcMonitorCommands Monitor => field ??= new IrcMonitorCommands(_context, _watcher);

    /// <summary>MARKREAD, and the marker a JOIN shows.</summary>
    public IrcReadMarkerCommands ReadMarkers => field ??= new IrcReadMarkerCommands(_context, _logger);

    /// <summary>History lines in the client's form, for JOIN's replay and CHATHISTORY.</summary>
    private IrcHistoryLines HistoryLines => field ??= new IrcHistoryLines(_context);
}
