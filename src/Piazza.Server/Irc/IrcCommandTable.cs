using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// Every IRC command Piazza understands, validated once here: is the client registered (or
/// is the command allowed before), does it have enough parameters. Handlers then only do
/// their job. Pattern: Ergo's irc/commands.go.
/// </summary>
internal static class IrcCommandTable
{
    private static readonly Dictionary<string, Command> Commands = new(StringComparer.Ordinal)
    {
        ["CAP"] = new(static (h, m) => h.Registration.CapAsync(m), 1, BeforeRegistration: true),
        ["PASS"] = new(static (h, m) => h.Registration.PassAsync(m), 1, BeforeRegistration: true),
        ["NICK"] = new(static (h, m) => h.Registration.NickAsync(m), 0, BeforeRegistration: true),
        ["USER"] = new(static (h, m) => h.Registration.UserAsync(m), 4, BeforeRegistration: true),
        ["PING"] = new(static (h, m) => h.Registration.PingAsync(m), 1, BeforeRegistration: true),
        ["PONG"] = new(static (_, _) => ValueTask.CompletedTask, 0, BeforeRegistration: true),
        ["QUIT"] = new(static (h, m) => h.Registration.QuitAsync(m), 0, BeforeRegistration: true),
        ["AUTHENTICATE"] = new(static (h, m) => h.Accounts.AuthenticateAsync(m), 1, BeforeRegistration: true),
        ["REGISTER"] = new(static (h, m) => h.Accounts.RegisterAsync(m), 3, BeforeRegistration: true),
        ["JOIN"] = new(static (h, m) => h.Channels.JoinAsync(m), 1),
        ["PART"] = new(static (h, m) => h.Channels.PartAsync(m), 1),
        ["PRIVMSG"] = new(static (h, m) => h.Messages.MessageAsync(m, notice: false), 0),
        ["NOTICE"] = new(static (h, m) => h.Messages.MessageAsync(m, notice: true), 0),
        ["TOPIC"] = new(static (h, m) => h.Channels.TopicAsync(m), 1),
        ["NAMES"] = new(static (h, m) => h.ChannelViews.NamesAsync(m), 0),
        ["LIST"] = new(static (h, m) => h.ChannelViews.ListAsync(m), 0),
        ["WHO"] = new(static (h, m) => h.Who.WhoAsync(m), 0),
        ["WHOIS"] = new(static (h, m) => h.Queries.WhoisAsync(m), 1),
        ["WHOWAS"] = new(static (h, m) => h.WhoWas.WhoWasAsync(m), 0),
        ["MODE"] = new(static (h, m) => h.Modes.ModeAsync(m), 1),
        ["KICK"] = new(static (h, m) => h.Channels.KickAsync(m), 2),
        ["INVITE"] = new(static (h, m) => h.Channels.InviteAsync(m), 0),
        ["AWAY"] = new(static (h, m) => h.Presence.AwayAsync(m), 0),
        ["ISON"] = new(static (h, m) => h.Queries.IsOnAsync(m), 1),
        ["USERHOST"] = new(static (h, m) => h.Queries.UserHostAsync(m), 1),
        ["MOTD"] = new(static (h, _) => h.ServerInfo.MotdAsync(), 0),
        ["VERSION"] = new(static (h, _) => h.ServerInfo.VersionAsync(), 0),
        ["TIME"] = new(static (h, _) => h.Queries.TimeAsync(), 0),
        ["LUSERS"] = new(static (h, _) => h.ServerInfo.LUsersAsync(), 0),
        ["INFO"] = new(static (h, m) => h.ServerInfo.InfoAsync(m), 0),
        ["LINKS"] = new(static (h, _) => h.ServerInfo.LinksAsync(), 0),
        ["HELP"] = new(static (h, m) => h.Help.HelpAsync(m), 0),
        ["HELPOP"] = new(static (h, m) => h.Help.HelpAsync(m), 0),
        ["SETNAME"] = new(static (h, m) => h.Presence.SetNameAsync(m), 1),
        ["CHATHISTORY"] = new(static (h, m) => h.History.ChatHistoryAsync(m), 3),
        ["TAGMSG"] = new(static (h, m) => h.Messages.TagMessageAsync(m), 1),
        ["BATCH"] = new(static (h, m) => h.Multiline.BatchAsync(m), 1),
        ["REDACT"] = new(static (h, m) => h.Redaction.RedactAsync(m), 2),
        ["RENAME"] = new(static (h, m) => h.Rename.RenameAsync(m), 2),
        ["OPER"] = new(static (h, m) => h.Operators.OperAsync(m), 2),
        ["KILL"] = new(static (h, m) => h.Operators.KillAsync(m), 1),
        ["WALLOPS"] = new(static (h, m) => h.Operators.WallopsAsync(m), 1),
        ["OPERACCOUNT"] = new(static (h, m) => h.Operators.OperAccountAsync(m), 0),
        ["KLINE"] = new(static (h, m) => h.ServerBans.KLineAsync(m), 1),
        ["DLINE"] = new(static (h, m) => h.ServerBans.DLineAsync(m), 1),
        ["UNKLINE"] = new(static (h, m) => h.ServerBans.UnbanAsync(m), 1),
        ["UNDLINE"] = new(static (h, m) => h.ServerBans.UnbanAsync(m), 1),
        ["STATS"] = new(static (h, m) => h.Stats.StatsAsync(m), 1),
        ["MONITOR"] = new(static (h, m) => h.Monitor.MonitorAsync(m), 1),
        ["CS"] = new(static (h, m) => h.ChanServ.CommandAsync(m), 0),
        ["CHANSERV"] = new(static (h, m) => h.ChanServ.CommandAsync(m), 0),

        // No parameter is FAIL MARKREAD NEED_MORE_PARAMS, as draft/read-marker asks, not 461.
        ["MARKREAD"] = new(static (h, m) => h.ReadMarkers.MarkReadAsync(m), 0),
    };

    /// <summary>What runs a line of a client's open multiline batch (IrcMultilineCommands checks it).</summary>
    private static readonly Command BatchLine = new(static (h, m) => h.Multiline.LineAsync(m), 0);

    /// <summary>The commands, for docs and tests.</summary>
    /// <summary>Each command's name by its row number, for <see cref="IrcCommandCounts"/>.</summary>
    internal static readonly IReadOnlyList<string> RowNames = NumberRows();

    public static IEnumerable<string> Names => Commands.Keys;

    /// <summary>
    /// Validates and runs one message; returns the quit reason when the client leaves. Most
    /// handlers complete at once; one that waits (a password check, the history or ban store) is
    /// awaited by the read loop, so the client's next line waits its turn and the replies keep
    /// their order.
    /// </summary>
    public static ValueTask<string?> DispatchAsync(IrcSession session, IrcMessage message)
    {
        var replies = session.Replies;
        replies.BeginCommand(message);
        var ended = true;
        try
        {
            // A line of a client's multiline batch (any line tagged batch=, but BATCH itself).
            var command = session.IsRegistered && message.Tags.ContainsKey("batch") && message.Command != "BATCH"
                ? BatchLine
                : Commands.GetValueOrDefault(message.Command);
            if (command is null)
            {
                if (session.IsRegistered)
                {
                    replies.Numeric(IrcNumerics.ErrUnknownCommand, message.Command, "Unknown command");
                }
                else
                {
                    replies.Numeric(IrcNumerics.ErrNotRegistered, "You have not registered");
                }

                return default;
            }

            if (!command.BeforeRegistration && !session.IsRegistered)
            {
                replies.Numeric(IrcNumerics.ErrNotRegistered, "You have not registered");
                return default;
            }

            if (message.Parameters.Count < command.MinParameters)
            {
                replies.Numeric(IrcNumerics.ErrNeedMoreParams, message.Command, "Not enough parameters");
                return default;
            }

            session.CommandCounts.Count(command.Row);
            var pending = command.Handler(session.Handlers, message);

            // A handler that completed at once (most do) needs no state machine here. Handlers
            // return default or are plain async methods, so a completed one wraps no pooled
            // source that reading its result would have to give back.
            if (!pending.IsCompletedSuccessfully)
            {
                ended = false;
                return FinishAsync(session, pending);
            }

            return ValueTask.FromResult(session.QuitReason);
        }
        finally
        {
            if (ended)
            {
                replies.EndCommand();
            }
        }
    }

    private static async ValueTask<string?> FinishAsync(IrcSession session, ValueTask pending)
    {
        try
        {
            await pending;
            return session.QuitReason;
        }
        finally
        {
            session.Replies.EndCommand();
        }
    }

    /// <summary>A command: its handler, how many parameters it needs, and whether it may come before registration.</summary>
    /// <summary>Gives each command a row number (the order is the dictionary's, fixed once made).</summary>
    private static string[] NumberRows()
    {
        var names = new string[Commands.Count];
        var row = 0;
        foreach (var (name, command) in Commands)
        {
            command.Row = row;
            names[row++] = name;
        }

        // A line of a multiline batch counts as BATCH.
        BatchLine.Row = Commands["BATCH"].Row;
        return names;
    }

    private sealed record Command(Func<IrcCommandHandlers, IrcMessage, ValueTask> Handler, int MinParameters, bool BeforeRegistration = false)
    {
        /// <summary>Its row number: its counter in <see cref="IrcCommandCounts"/>.</summary>
        public int Row { get; set; }
    }
}
