namespace Piazza.Core.Accounts;

/// <summary>
/// Where accounts last: the history database when there is one (Piazza.Storage.Sqlite or .Postgres), else
/// memory. <see cref="AccountList"/> holds them all in memory and writes through this.
/// </summary>
public interface IAccountStore
{
    /// <summary>Every stored account, at startup.</summary>
    Task<IReadOnlyList<AccountRecord>> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a new account, or replaces the password hash of the one of that name (a rehash); an
    /// existing account's operator flag stays as it is (<see cref="SetOperatorAsync"/> sets it), so a
    /// rehash of a record read before the flag changed cannot undo the change.
    /// </summary>
    Task SaveAsync(AccountRecord account, CancellationToken cancellationToken = default);

    /// <summary>Sets whether the account <paramref name="name"/> is a server operator's; nothing when there is no such account.</summary>
    Task SetOperatorAsync(string name, bool isOperator, CancellationToken cancellationToken = default);
}
