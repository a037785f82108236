using Microsoft.Extensions.Logging;

using Piazza.Core;

namespace Piazza.Server.Sessions;

/// <summary>
/// An account can be a server operator's (<see cref="Core.Accounts.AccountRecord.IsOperator"/>,
/// set by IRC OPERACCOUNT or plain /oper-account): logging in to it, by any way, makes the member a
/// server operator as OPER does, and logging out (or in to another account) ends what that login
/// gave. Judged by the read loop after each line, as the nick is (<see cref="ReviewNick"/>), so
/// every login path, SASL before registration included, is covered by one check.
/// </summary>
internal abstract partial class LineSession
{
    // Read loop only: the account last judged (compared by reference: one comparison per line),
    // and whether the member's operator status came from it (so a logout takes back only that).
    private string? _operatorReviewedAccount;
    private bool _operatorFromAccount;

    /// <summary>Tells the client it became a server operator by logging in to <paramref name="account"/>, or (false) no longer is one.</summary>
    protected abstract void TellOperatorByAccount(bool isOperator, string account);

    /// <summary>For the read loop, after each line and after connecting: grants or takes back operator status when the account changed.</summary>
    private void ReviewOperatorAccount()
    {
        if (Joined is not { } member || ReferenceEquals(member.Account, _operatorReviewedAccount))
        {
            return;
        }

        var previous = _operatorReviewedAccount;
        var account = member.Account;
        _operatorReviewedAccount = account;
        if (_operatorFromAccount)
        {
            _operatorFromAccount = false;
            if (member.IsServerOperator && NickName.Comparer.Equals(member.ServerOperatorName, previous))
            {
                Hub.DropServerOperator(member);
                TellOperatorByAccount(false, previous!);
            }
        }

        if (account is not null && !member.IsServerOperator && Hub.Accounts.Find(account) is { IsOperator: true } record
            && Hub.MakeServerOperator(member, record.Name))
        {
            _operatorFromAccount = true;
            LogOperatorByAccount(Logger, record.Name, member.Nick, Address);
            TellOperatorByAccount(true, record.Name);
        }
    }

    [LoggerMessage(EventId = 167, EventName = "OperatorByAccount", Level = LogLevel.Information, Message = "{Nick} ({Address}) is a server operator: logged in to operator account {Account}")]
    private static partial void LogOperatorByAccount(ILogger logger, string account, string nick, string address);
}
