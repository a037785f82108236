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
    public Task<AccountRecord?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_accounts.GetValueOrDefault(name));

    /// <inheritdoc/>
    public Task<bool> CreateAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Task.FromResult(_accounts.TryAdd(account.Name, account));
    }

    /// <inheritdoc/>
    public Task SaveAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        _accounts.AddOrUpdate(account.Name, static (_, added) => added, static (_, old, updated) => updated with { IsOperator = old.IsOperator }, account);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task SetOperatorAsync(string name, bool isOperator, CancellationToken cancellationToken = default)
    {
        while (_accounts.TryGetValue(name, out var old) && !_accounts.TryUpdate(name, old with { IsOperator = isOperator }, old))
        {
            // Changed meanwhile: read it again.
        }

        return Task.CompletedTask;
    }
}
