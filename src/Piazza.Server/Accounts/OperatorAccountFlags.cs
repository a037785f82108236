using Microsoft.Extensions.Logging;

using Piazza.Core;
using Piazza.Core.Accounts;

namespace Piazza.Server.Accounts;

/// <summary>What setting an account's operator flag did (<see cref="OperatorAccountFlags.SetAsync"/>).</summary>
/// <param name="Account">The account after, or null when there is no such account.</param>
/// <param name="Stored">False when the store failed: the flag holds until a restart only.</param>
internal readonly record struct OperatorAccountChange(AccountRecord? Account, bool Stored);

/// <summary>
/// A server operator makes an account a server operator's, or takes that back (IRC OPERACCOUNT,
/// plain /oper-account): the flag is set in memory at once and then stored; taking it back also
/// takes operator status from the members logged in to the account that had it from the account,
/// at once. Logging in to a flagged account makes one an operator (<c>LineSession.ReviewOperatorAccount</c>).
/// </summary>
/// <remarks>Threads: the caller's read loop, which awaits the store.</remarks>
internal static partial class OperatorAccountFlags
{
    /// <summary>Sets the flag of <paramref name="name"/>, for <paramref name="by"/> (a server operator: the caller has checked).</summary>
    public static async Task<OperatorAccountChange> SetAsync(ChatHub hub, ILogger logger, Member by, string name, bool isOperator)
    {
        AccountRecord? account;
        var stored = true;
        try
        {
            // In a cluster the account may have been made on another node since this one loaded its list.
            await hub.Accounts.FindAsync(name);
            account = await hub.Accounts.SetOperatorAsync(name, isOperator);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            account = hub.Accounts.Find(name);
            stored = false;
            LogNotStored(logger, name, ex);
        }

        if (account is null)
        {
            return new(null, stored);
        }

        LogSet(logger, by.ServerOperatorName ?? by.Nick, account.Name, isOperator);

        // In a cluster every node takes the flag at once (ChatHub.ApplyAccountFromNode): taken
        // off, it ends the operator status of the sessions logged in to the account there too.
        hub.PublishOperatorFlag(account);
        if (!isOperator)
        {
            foreach (var member in hub.OtherSessionsOf(account.Name, by).Append(by))
            {
                if (member.Account is { } logged && NickName.Comparer.Equals(logged, account.Name)
                    && NickName.Comparer.Equals(member.ServerOperatorName, account.Name))
                {
                    hub.DropServerOperator(member);
                }
            }
        }

        return new(account, stored);
    }

    [LoggerMessage(EventId = 168, EventName = "OperatorAccountSet", Level = LogLevel.Information, Message = "Operator {Operator} set account {Account}'s operator flag to {IsOperator}")]
    private static partial void LogSet(ILogger logger, string @operator, string account, bool isOperator);

    [LoggerMessage(EventId = 169, EventName = "OperatorAccountNotStored", Level = LogLevel.Error, Message = "The operator flag of account {Account} could not be stored: it holds until a restart")]
    private static partial void LogNotStored(ILogger logger, string account, Exception exception);
}
