using System.Net;

using Piazza.Server.Limits;

namespace Piazza.Server.Accounts;

/// <summary>
/// Slows password guessing, per account and per address (an IPv6 address's /64, as the per-IP
/// limit groups them): after <see cref="AccountOptions.FreeLoginFailures"/> failures, each next
/// attempt on that account or from that address must wait 1 s, then 2 s, 4 s… up to
/// <see cref="AccountOptions.MaxLoginDelaySeconds"/>; an attempt made sooner is refused before any
/// password is checked, so a guesser cannot even make the server spend a KDF on it. A success
/// clears its account's count.
/// </summary>
/// <remarks>
/// One <see cref="Lock"/> over one table, held for a lookup and a few integer updates; nothing is
/// taken under it. At most <see cref="MaxEntries"/> entries: when full, entries that no longer
/// hold anyone back are swept; if that frees nothing, new names and addresses go untracked (the
/// per-IP connection limit still bounds one address) rather than letting the table grow.
/// </remarks>
internal sealed class LoginThrottle(TimeProvider time, AccountOptions options)
{
    /// <summary>The most accounts and addresses tracked at once.</summary>
    public const int MaxEntries = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>True when an attempt on <paramref name="account"/> from <paramref name="host"/> may go ahead now; else how long to wait.</summary>
    public bool MayTry(string account, string host, out TimeSpan wait)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var until = Max(UntilOf(AccountKey(account)), UntilOf(HostKey(host)));
            wait = until > now ? until - now : TimeSpan.Zero;
            return wait == TimeSpan.Zero;
        }
    }

    /// <summary>Counts a wrong password (or an unknown account) against both.</summary>
    public void Failed(string account, string host)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Count(AccountKey(account), now);
            Count(HostKey(host), now);
        }
    }

    /// <summary>A right password: the account's count starts over (the address's does not: it may be guessing others).</summary>
    public void Succeeded(string account)
    {
        lock (_gate)
        {
            _entries.Remove(AccountKey(account));
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string AccountKey(string account) => "a " + account.ToUpperInvariant();

    private static string HostKey(string host) =>
        "h " + (IPAddress.TryParse(host, out var address) ? IpNetworks.GroupOf(address).ToString() : host);

    private DateTimeOffset UntilOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Until : DateTimeOffset.MinValue;

    private void Count(string key, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            if (_entries.Count >= MaxEntries && !Sweep(now))
            {
                return;
            }

            entry = new Entry();
            _entries[key] = entry;
        }

        entry.Failures++;
        var over = entry.Failures - options.FreeLoginFailures;
        if (over >= 0)
        {
            var seconds = over >= 30 ? options.MaxLoginDelaySeconds : Math.Min(1L << over, options.MaxLoginDelaySeconds);
            entry.Until = now + TimeSpan.FromSeconds(seconds);
        }
    }

    /// <summary>Drops entries that hold nobody back and have not for the longest delay; true when any went.</summary>
    private bool Sweep(DateTimeOffset now)
    {
        var stale = now - TimeSpan.FromSeconds(options.MaxLoginDelaySeconds);
        var before = _entries.Count;
        foreach (var (key, entry) in _entries.Where(e => e.Value.Until < stale).ToList())
        {
            _entries.Remove(key);
        }

        return _entries.Count < before;
    }

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset Until { get; set; } = DateTimeOffset.MinValue;
    }
}
