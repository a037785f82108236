using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Accounts;
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
    /// <c>OPERACCOUNT [account [ON|OFF]]</c>, server operators only: NOTICEs listing the operator
    /// accounts, or saying one account's flag; ON or OFF sets it (<see cref="OperatorAccountFlags"/>).
    /// <c>FAIL OPERACCOUNT ACCOUNT_UNKNOWN</c> for no such account, <c>INVALID_PARAMS</c> for
    /// another word than ON or OFF, <c>STORE_FAILED</c> after a change kept only until a restart.
    /// </summary>
    public async ValueTask OperAccountAsync(IrcMessage message)
    {
        if (!Member.IsServerOperator)
        {
            context.Numeric(IrcNumerics.ErrNoPrivileges, NotOperator);
            return;
        }

        var p = message.Parameters;
        if (p.Count == 0)
        {
            var names = Hub.Accounts.Operators().Select(a => a.Name).ToList();
            context.ServerReply("NOTICE", context.Nick, names.Count == 0 ? "No operator accounts" : "Operator accounts: " + string.Join(", ", names));
            return;
        }

        if (p.Count == 1)
        {
            switch (Hub.Accounts.Find(p[0]))
            {
                case null:
                    context.Fail("OPERACCOUNT", "ACCOUNT_UNKNOWN", [p[0]], "No such account");
                    break;
                case var account:
                    context.ServerReply("NOTICE", context.Nick, account.IsOperator ? $"{account.Name} is an operator account" : $"{account.Name} is not an operator account");
                    break;
            }

            return;
        }

        bool isOperator;
        if (p[1].Equals("ON", StringComparison.OrdinalIgnoreCase))
        {
            isOperator = true;
        }
        else if (p[1].Equals("OFF", StringComparison.OrdinalIgnoreCase))
        {
            isOperator = false;
        }
        else
        {
            context.Fail("OPERACCOUNT", "INVALID_PARAMS", [p[1]], "Say ON or OFF");
            return;
        }

        var change = await OperatorAccountFlags.SetAsync(Hub, logger, Member, p[0], isOperator);
        if (change.Account is not { } changed)
        {
            context.Fail("OPERACCOUNT", "ACCOUNT_UNKNOWN", [p[0]], "No such account");
            return;
        }

        context.ServerReply("NOTICE", context.Nick, isOperator
            ? $"{changed.Name} is now an operator account: logging in to it makes one an IRC operator"
            : $"{changed.Name} is no longer an operator account; those logged in to it are no longer IRC operators");
        if (!change.Stored)
        {
            context.Fail("OPERACCOUNT", "STORE_FAILED", [changed.Name], "The change could not be stored: it holds until the server restarts");
        }
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
