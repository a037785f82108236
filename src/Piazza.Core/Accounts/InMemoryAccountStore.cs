using System.Collections.Concurrent;

namespace Piazza.Core.Accounts;

/// <summary>Accounts kept until the process ends: with history in memory or off, and in tests.</summary>
public sealed class InMemoryAccountStore : IAccountStore
{
    private readonly ConcurrentDictionary<string, AccountRecord> _accounts = new(NickName.Comparer);

    /// <inheritdoc/>
    public Task<IReadOnlyList<AccountRecord>> LoadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AccountRecord>>([.. _accounts.Values.OrderBy(a => a.CreatedAt)]);

    /// <inheritdoc/>
    public Task SaveAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        _accounts[account.Name] = account;
        return Task.CompletedTask;
    }
}
