using System.Collections.Concurrent;

namespace Piazza.Core.Accounts;

/// <summary>
/// The registered accounts, all in memory (a lookup on every nick a client takes must not wait for
/// a disk), written through an <see cref="IAccountStore"/>. Names compare as nicks do
/// (<see cref="NickName.Comparer"/>): an account reserves the nick of its name.
/// </summary>
/// <remarks>
/// Thread-safe: a <see cref="ConcurrentDictionary{TKey, TValue}"/>; creating is first-come (two
/// registrations of one name: one wins). At most <see cref="MaxAccounts"/>, a limit on what
/// clients can make the server store.
/// </remarks>
public sealed class AccountList
{
    /// <summary>The most accounts the server holds.</summary>
    public const int MaxAccounts = 1_000_000;

    private readonly ConcurrentDictionary<string, AccountRecord> _accounts = new(NickName.Comparer);
    private readonly IAccountStore _store;

    /// <summary>An empty list over <paramref name="store"/>; <see cref="LoadAsync"/> fills it.</summary>
    public AccountList(IAccountStore store) => _store = store;

    /// <summary>How many accounts exist.</summary>
    public int Count => _accounts.Count;

    /// <summary>Reads the stored accounts (at startup).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        foreach (var account in await _store.LoadAsync(cancellationToken))
        {
            _accounts[account.Name] = account;
        }
    }

    /// <summary>The account named <paramref name="name"/> (any case), or null.</summary>
    public AccountRecord? Find(string name) => _accounts.GetValueOrDefault(name);

    /// <summary>True when an account reserves <paramref name="nick"/>.</summary>
    public bool IsRegistered(string nick) => _accounts.ContainsKey(nick);

    /// <summary>
    /// Makes <paramref name="account"/> exist at once, if its name is free and the list is not full;
    /// <see cref="StoreAsync"/> then makes it last.
    /// </summary>
    public bool TryAdd(AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return _accounts.Count < MaxAccounts && _accounts.TryAdd(account.Name, account);
    }

    /// <summary>
    /// Replaces an existing account's password hash (a rehash) in memory, keeping its operator flag as
    /// it is now; <see cref="StoreAsync"/> then makes it last.
    /// </summary>
    public void Replace(AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        _accounts.AddOrUpdate(account.Name, static (_, added) => added, static (_, old, updated) => updated with { IsOperator = old.IsOperator }, account);
    }

    /// <summary>
    /// Sets whether logging in to the account <paramref name="name"/> makes one a server operator,
    /// at once in memory and then in the store; the account after, or null when there is none.
    /// </summary>
    public async Task<AccountRecord?> SetOperatorAsync(string name, bool isOperator, CancellationToken cancellationToken = default)
    {
        AccountRecord? updated = null;
        while (_accounts.TryGetValue(name, out var old))
        {
            updated = old with { IsOperator = isOperator };
            if (_accounts.TryUpdate(old.Name, updated, old))
            {
                break;
            }
        }

        if (updated is not null)
        {
            await _store.SetOperatorAsync(updated.Name, isOperator, cancellationToken);
        }

        return updated;
    }

    /// <summary>The accounts whose login makes one a server operator, by name.</summary>
    public IReadOnlyList<AccountRecord> Operators() =>
        [.. _accounts.Values.Where(a => a.IsOperator).OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Writes <paramref name="account"/> to the store, so it survives a restart.</summary>
    public Task StoreAsync(AccountRecord account, CancellationToken cancellationToken = default) => _store.SaveAsync(account, cancellationToken);
}
