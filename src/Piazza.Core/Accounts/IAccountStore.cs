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
    /// The stored account named <paramref name="name"/> (any case), or null: for a node of a cluster,
    /// whose nodes share the store and may each have made or changed an account since the others loaded theirs.
    /// </summary>
    Task<AccountRecord?> FindAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a new account; false, changing nothing, when an account of that name (any case) is
    /// stored already: another node of a cluster registered it first. A registration is never
    /// stored over an existing account.
    /// </summary>
    Task<bool> CreateAsync(AccountRecord account, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a new account, or replaces the password hash of the one of that name (a rehash); an
    /// existing account's operator flag stays as it is (<see cref="SetOperatorAsync"/> sets it), so a
    /// rehash of a record read before the flag changed cannot undo the change.
    /// </summary>
    Task SaveAsync(AccountRecord account, CancellationToken cancellationToken = default);

    /// <summary>Sets whether the account <paramref name="name"/> is a server operator's; nothing when there is no such account.</summary>
    Task SetOperatorAsync(string name, bool isOperator, CancellationToken cancellationToken = default);
}
