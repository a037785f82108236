using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Operators;

namespace Piazza.Server.Irc;

/// <summary>Server operators: OPER, KILL, WALLOPS (https://modern.ircdocs.horse/#oper-message). Server bans are <see cref="IrcServerBanCommands"/>.</summary>
/// <remarks>Threads: the session's read loop only, which awaits OPER's password check; keeps no state (the account is the member's).</remarks>
internal sealed class IrcOperatorCommands(IIrcCommandContext context, OperatorAuthenticator operators, ILogger logger)
{
    /// <summary>ERR_NOPRIVILEGES' text, for every operator command a plain user tries.</summary>
    public const string NotOperator = "Permission Denied- You're not an IRC operator";

    private ChatHub Hub => context.Hub;

    private Member Member => context.Member;

    /// <summary>
    /// <c>OPER name password</c>: 381 and <c>MODE nick +o</c>, or 464 for a wrong password and an
    /// unknown name alike. The password check is slow (a KDF): the read loop awaits it off-thread.
    /// </summary>
    public async ValueTask OperAsync(IrcMessage message)
    {
        if (!Member.IsServerOperator)
        {
            var account = await operators.AuthenticateAsync(message.Parameters[0], message.Parameters[1], $"{Member.Nick} ({Member.Address})");
            if (account is null)
            {
                context.Numeric(IrcNumerics.ErrPasswdMismatch, "Password incorrect");
                return;
            }

            Hub.MakeServerOperator(Member, account);
            var nick = Member.Nick;
            context.Reply(tags => IrcWriter.Format(tags, nick, "MODE", [nick, "+o"]));
        }

        context.Numeric(IrcNumerics.RplYoureOper, "You are now an IRC operator");
    }

    /// <summary>
    /// <c>KILL nick [:reason]</c>: the victim gets <c>ERROR :Closing Link: host (Killed (oper (reason)))</c>,
    /// those sharing a room see it QUIT with <c>Killed (oper (reason))</c>, the operator a NOTICE.
    /// </summary>
    public ValueTask KillAsync(IrcMessage message)
    {
        var target = message.Parameters[0];
        var reason = message.Parameters.Count > 1 ? message.Parameters[1] : string.Empty;
        switch (Hub.Kill(Member, target, reason, out var victim))
        {
            case ChatError.NotServerOperator:
                context.Numeric(IrcNumerics.ErrNoPrivileges, NotOperator);
                break;
            case ChatError.NoSuchNick:
                context.Numeric(IrcNumerics.ErrNoSuchNick, target, "No such nick/channel");
                break;
            default:
                OperatorLog.Killed(logger, Member.Nick, victim!.Nick, victim.Address, reason);
                context.ServerReply("NOTICE", context.Nick, $"Killed {victim.Nick} ({(reason.Length == 0 ? Member.Nick : reason)})");
                break;
        }

        return default;
    }

    /// <summary><c>WALLOPS :text</c>, operators only: to every operator and every user with +w.</summary>
    public ValueTask WallopsAsync(IrcMessage message)
    {
        if (Hub.Wallops(Member, message.Parameters[0], out _) == ChatError.NotServerOperator)
        {
            context.Numeric(IrcNumerics.ErrNoPrivileges, NotOperator);
        }

        return default;
    }
}
