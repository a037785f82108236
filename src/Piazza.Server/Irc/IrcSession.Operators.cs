using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Operators;

namespace Piazza.Server.Irc;

/// <summary>Server operators: OPER, KILL, WALLOPS (https://modern.ircdocs.horse/#oper-message).</summary>
internal sealed partial class IrcSession
{
    private const string NotOperator = "Permission Denied- You're not an IRC operator";

    /// <summary>
    /// <c>OPER name password</c>: 381 and <c>MODE nick +o</c>, or 464 for a wrong password and an
    /// unknown name alike. The password check is slow (a KDF): the read loop awaits it off-thread.
    /// </summary>
    internal async ValueTask OperAsync(IrcMessage message)
    {
        if (!Member.IsServerOperator)
        {
            var account = await _operators.AuthenticateAsync(message.Parameters[0], message.Parameters[1], $"{Member.Nick} ({Address})");
            if (account is null)
            {
                Numeric(IrcNumerics.ErrPasswdMismatch, "Password incorrect");
                return;
            }

            Hub.MakeServerOperator(Member, account);
            var nick = Member.Nick;
            Reply(tags => IrcWriter.Format(tags, nick, "MODE", [nick, "+o"]));
        }

        Numeric(IrcNumerics.RplYoureOper, "You are now an IRC operator");
    }

    /// <summary>
    /// <c>KILL nick [:reason]</c>: the victim gets <c>ERROR :Closing Link: host (Killed (oper (reason)))</c>,
    /// those sharing a room see it QUIT with <c>Killed (oper (reason))</c>, the operator a NOTICE.
    /// </summary>
    internal void KillCommand(IrcMessage message)
    {
        var target = message.Parameters[0];
        var reason = message.Parameters.Count > 1 ? message.Parameters[1] : string.Empty;
        switch (Hub.Kill(Member, target, reason, out var victim))
        {
            case ChatError.NotServerOperator:
                Numeric(IrcNumerics.ErrNoPrivileges, NotOperator);
                break;
            case ChatError.NoSuchNick:
                Numeric(IrcNumerics.ErrNoSuchNick, target, "No such nick/channel");
                break;
            default:
                OperatorLog.Killed(Logger, Member.Nick, victim!.Nick, victim.Address, reason);
                ServerReply("NOTICE", Nick, $"Killed {victim.Nick} ({(reason.Length == 0 ? Member.Nick : reason)})");
                break;
        }
    }

    /// <summary><c>WALLOPS :text</c>, operators only: to every operator and every user with +w.</summary>
    internal void WallopsCommand(IrcMessage message)
    {
        if (Hub.Wallops(Member, message.Parameters[0], out _) == ChatError.NotServerOperator)
        {
            Numeric(IrcNumerics.ErrNoPrivileges, NotOperator);
        }
    }
}
