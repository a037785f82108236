using System.Collections.Concurrent;

namespace Piazza.Core.Accounts;

/// <summary>
/// The registered accounts, all in memory (a lookup on every nick a client takes must not wait for
/// a disk), written through an <see cref="IAccountStore"/>. Names compare as nicks do
/// (<see cref="NickName.Comparer"/>): an account reserves the nick of its name.
/// </summary>
/// <remarks>
/// Thread-safe: a <see cref="ConcurrentDictionary{TKey, TValue}"/>; creating is first-come (two
/// registrations of one name: one wins, here and in the store). At most <see cref="MaxAccounts"/>,
/// a limit on what clients can make the server store. On a node of a cluster (<see cref="ReadsThrough"/>)
/// the store, which the nodes share, is the truth: a login reads its account there (<see cref="FindAsync"/>).
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

    /// <summary>
    /// True on a node of a cluster (<see cref="ChatHub.AttachCluster"/> sets it): the other nodes add
    /// and change accounts in the same store, so <see cref="FindAsync"/> reads it.
    /// </summary>
    public bool ReadsThrough { get; internal set; }

    /// <summary>The account named <paramref name="name"/> (any case) as this list has it, or null.</summary>
    public AccountRecord? Find(string name) => _accounts.GetValueOrDefault(name);

    /// <summary>
    /// The account named <paramref name="name"/> (any case), or null, for a login or a registration:
    /// as <see cref="Find"/> on a single server; on a node of a cluster as the shared store has it now
    /// (another node may have made it, or changed its password or operator flag, since this node
    /// loaded its list), kept here from then on. What this list has when the store cannot answer,
    /// or does not have it yet (made here a moment ago).
    /// </summary>
    public async Task<AccountRecord?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!ReadsThrough)
        {
            return Find(name);
        }

        AccountRecord? stored;
        try
        {
            stored = await _store.FindAsync(name, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database is away: this node's list answers, as it does between restarts.
            return Find(name);
        }

        if (stored is null)
        {
            return Find(name);
        }

        _accounts[stored.Name] = stored;
        return stored;
    }

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
    /// Keeps <paramref name="account"/>, which another node of a cluster registered and stored, as
    /// <see cref="LoadAsync"/> would have (no <see cref="MaxAccounts"/> check: the store has it);
    /// an account of that name this list has already stays as it is.
    /// </summary>
    public void Take(AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        _accounts.TryAdd(account.Name, account);
    }

    /// <summary>
    /// Sets the operator flag of the account <paramref name="name"/> in memory only, as another node
    /// of a cluster set and stored it; false when this list has no such account.
    /// </summary>
    public bool TakeOperatorFlag(string name, bool isOperator)
    {
        while (_accounts.TryGetValue(name, out var old))
        {
            if (old.IsOperator == isOperator || _accounts.TryUpdate(old.Name, old with { IsOperator = isOperator }, old))
            {
                return true;
            }
        }

        return false;
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

    /// <summary>Writes <paramref name="account"/> to the store, so it survives a restart (a rehash: it replaces the password hash).</summary>
    public Task StoreAsync(AccountRecord account, CancellationToken cancellationToken = default) => _store.SaveAsync(account, cancellationToken);

    /// <summary>
    /// Writes a new account, which <see cref="TryAdd"/> made here, to the store: false when the
    /// store has that name already (another node of a cluster registered it first), and then this
    /// list drops its own and takes the stored one. It never writes over an existing account.
    /// </summary>
    public async Task<bool> CreateAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (await _store.CreateAsync(account, cancellationToken))
        {
            return true;
        }

        _accounts.TryRemove(new KeyValuePair<string, AccountRecord>(account.Name, account));
        if (await _store.FindAsync(account.Name, cancellationToken) is { } stored)
        {
            _accounts.TryAdd(stored.Name, stored);
        }

        return false;
    }
}
