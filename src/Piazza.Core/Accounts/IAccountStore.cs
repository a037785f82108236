namespace Piazza.Core.Accounts;

/// <summary>
/// Where accounts last: the history database when there is one (Piazza.Storage.Sqlite), else
/// memory. <see cref="AccountList"/> holds them all in memory and writes through this.
/// </summary>
public interface IAccountStore
{
    /// <summary>Every stored account, at startup.</summary>
    Task<IReadOnlyList<AccountRecord>> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a new account, or replaces the one of that name (a new password hash).</summary>
    Task SaveAsync(AccountRecord account, CancellationToken cancellationToken = default);
}
