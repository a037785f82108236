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
        ["CAP"] = new(static (s, m) => s.Cap(m), 1, BeforeRegistration: true),
        ["PASS"] = new(static (s, m) => s.Pass(m), 1, BeforeRegistration: true),
        ["NICK"] = new(static (s, m) => s.NickCommand(m), 0, BeforeRegistration: true),
        ["USER"] = new(static (s, m) => s.UserCommand(m), 4, BeforeRegistration: true),
        ["PING"] = new(static (s, m) => s.Ping(m), 1, BeforeRegistration: true),
        ["PONG"] = new(static (_, _) => { }, 0, BeforeRegistration: true),
        ["QUIT"] = new(static (s, m) => s.Quit(m), 0, BeforeRegistration: true),
        ["JOIN"] = new(null, 1) { Async = static (s, m) => s.JoinAsync(m) },
        ["PART"] = new(static (s, m) => s.PartCommand(m), 1),
        ["PRIVMSG"] = new(static (s, m) => s.Message(m, notice: false), 0),
        ["NOTICE"] = new(static (s, m) => s.Message(m, notice: true), 0),
        ["TOPIC"] = new(static (s, m) => s.TopicCommand(m), 1),
        ["NAMES"] = new(static (s, m) => s.Names(m), 0),
        ["LIST"] = new(static (s, m) => s.List(m), 0),
        ["WHO"] = new(static (s, m) => s.Queries.Who(m), 0),
        ["WHOIS"] = new(static (s, m) => s.Queries.Whois(m), 1),
        ["MODE"] = new(static (s, m) => s.ModeCommand(m), 1),
        ["KICK"] = new(static (s, m) => s.KickCommand(m), 2),
        ["INVITE"] = new(static (s, m) => s.InviteCommand(m), 2),
        ["AWAY"] = new(static (s, m) => s.AwayCommand(m), 0),
        ["ISON"] = new(static (s, m) => s.Queries.IsOn(m), 1),
        ["USERHOST"] = new(static (s, m) => s.Queries.UserHost(m), 1),
        ["MOTD"] = new(static (s, _) => s.Motd(), 0),
        ["VERSION"] = new(static (s, _) => s.VersionCommand(), 0),
        ["TIME"] = new(static (s, _) => s.Queries.Time(), 0),
        ["LUSERS"] = new(static (s, _) => s.LUsers(), 0),
        ["SETNAME"] = new(static (s, m) => s.SetName(m), 1),
        ["CHATHISTORY"] = new(null, 3) { Async = static (s, m) => s.ChatHistoryAsync(m) },
        ["TAGMSG"] = new(static (s, m) => s.TagMessage(m), 1),
        ["OPER"] = new(null, 2) { Async = static (s, m) => s.OperAsync(m) },
        ["KILL"] = new(static (s, m) => s.KillCommand(m), 1),
        ["WALLOPS"] = new(static (s, m) => s.WallopsCommand(m), 1),
        ["KLINE"] = new(null, 1) { Async = static (s, m) => s.KLineAsync(m) },
        ["DLINE"] = new(null, 1) { Async = static (s, m) => s.DLineAsync(m) },
        ["UNKLINE"] = new(null, 1) { Async = static (s, m) => s.UnbanAsync(m) },
        ["UNDLINE"] = new(null, 1) { Async = static (s, m) => s.UnbanAsync(m) },
        ["STATS"] = new(static (s, m) => s.Stats(m), 1),
    };

    /// <summary>The commands, for docs and tests.</summary>
    public static IEnumerable<string> Names => Commands.Keys;

    /// <summary>
    /// Validates and runs one message; returns the quit reason when the client leaves. Most
    /// commands complete at once; an asynchronous one (OPER's password check) is awaited by the
    /// read loop, so the client's next line waits its turn and the replies keep their order.
    /// </summary>
    public static ValueTask<string?> DispatchAsync(IrcSession session, IrcMessage message)
    {
        session.BeginCommand(message);
        var ended = true;
        try
        {
            if (!Commands.TryGetValue(message.Command, out var command))
            {
                if (session.IsRegistered)
                {
                    session.NumericReply(IrcNumerics.ErrUnknownCommand, message.Command, "Unknown command");
                }
                else
                {
                    session.NumericReply(IrcNumerics.ErrNotRegistered, "You have not registered");
                }

                return default;
            }

            if (!command.BeforeRegistration && !session.IsRegistered)
            {
                session.NumericReply(IrcNumerics.ErrNotRegistered, "You have not registered");
                return default;
            }

            if (message.Parameters.Count < command.MinParameters)
            {
                session.NumericReply(IrcNumerics.ErrNeedMoreParams, message.Command, "Not enough parameters");
                return default;
            }

            if (command.Async is { } run)
            {
                var pending = run(session, message);
                if (!pending.IsCompletedSuccessfully)
                {
                    ended = false;
                    return FinishAsync(session, pending);
                }

                pending.GetAwaiter().GetResult();
            }
            else
            {
                command.Handler!(session, message);
            }

            return ValueTask.FromResult(session.QuitReason);
        }
        finally
        {
            if (ended)
            {
                session.EndCommand();
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
            session.EndCommand();
        }
    }

    /// <summary>A command: a handler that completes at once, or (<see cref="Async"/>) one the read loop awaits.</summary>
    private sealed record Command(Action<IrcSession, IrcMessage>? Handler, int MinParameters, bool BeforeRegistration = false)
    {
        public Func<IrcSession, IrcMessage, ValueTask>? Async { get; init; }
    }
}
