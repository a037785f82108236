using Piazza.Core.Accounts;

namespace Piazza.Core;

/// <summary>
/// Accounts across the nodes of a cluster: an account registered on one node is known on every
/// node at once, so its name is a reserved nick everywhere (logins read the shared store anyway:
/// <see cref="AccountList.FindAsync"/>). The node where it was registered writes it; the others only take it.
/// </summary>
public sealed partial class ChatHub
{
    /// <summary>
    /// Writes a new account, which <see cref="AccountList.TryAdd"/> made here, to the store
    /// (<see cref="AccountList.CreateAsync"/>), and in a cluster then tells the other nodes of it.
    /// False when another node registered the name first (nothing is told). When the store fails,
    /// the account is told of anyway, then the failure rethrown: it holds on every node until
    /// their restarts, as it does here.
    /// </summary>
    public async Task<bool> CreateAccountAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        try
        {
            if (!await Accounts.CreateAsync(account, cancellationToken))
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Cluster?.PublishAccount(account);
            throw;
        }

        Cluster?.PublishAccount(account);
        return true;
    }

    /// <summary>
    /// An account another node registered (and stored): this node's list takes it as its start
    /// would have loaded it, so its name is reserved here now. One the list has already stays as it is.
    /// </summary>
    public void ApplyAccountFromNode(AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        Accounts.Take(account);
    }

    /// <summary>Tells the other nodes of an account's operator flag as it is now (OPERACCOUNT set it here, and stored it).</summary>
    public void PublishOperatorFlag(AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        Cluster?.PublishOperatorFlag(account);
    }

    /// <summary>
    /// Another node set the operator flag of <paramref name="account"/> (and stored it): this node's
    /// list takes the flag (or the account, when it has none of that name). A flag taken off ends
    /// the server operator status of this node's members who became operators by logging in to
    /// it, as it does on the node where it was taken off.
    /// </summary>
    public void ApplyOperatorFlagFromNode(AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!Accounts.TakeOperatorFlag(account.Name, account.IsOperator))
        {
            Accounts.Take(account);
        }

        if (account.IsOperator)
        {
            return;
        }

        foreach (var member in _members.Values)
        {
            if (NickName.Comparer.Equals(member.Account, account.Name) && NickName.Comparer.Equals(member.ServerOperatorName, account.Name))
            {
                DropServerOperator(member);
            }
        }
    }
}
