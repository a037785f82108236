using System.Net;

namespace Piazza.Core.Bans;

/// <summary>
/// The server bans in force: read on every accepted connection and every nick a client takes,
/// written by operators' commands. Readers read an immutable array (no lock); writers swap a
/// new one under a lock and then persist through the <see cref="IServerBanStore"/>. A ban past
/// its expiry (by the injected <see cref="TimeProvider"/>) stops applying at once and is
/// dropped from memory and the store the next time the list is written or listed.
/// </summary>
public sealed class ServerBanList
{
    /// <summary>The most bans the server holds: a limit on what even an operator can make it store.</summary>
    public const int MaxBans = 10_000;

    private readonly IServerBanStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private ServerBan[] _bans = [];

    /// <summary>Creates an empty list over <paramref name="store"/>; <see cref="LoadAsync"/> fills it.</summary>
    public ServerBanList(IServerBanStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>The time now, by the list's clock (what expiry is judged by).</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The bans in force now (expired ones left out), oldest first.</summary>
    public IReadOnlyList<ServerBan> Active
    {
        get
        {
            var now = _time.GetUtcNow();
            return [.. Volatile.Read(ref _bans).Where(b => b.IsActiveAt(now))];
        }
    }

    /// <summary>Reads the stored bans (at startup), leaving out and deleting expired ones.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var stored = await _store.LoadAsync(cancellationToken);
        foreach (var expired in stored.Where(b => !b.IsActiveAt(now)))
        {
            await _store.DeleteAsync(expired.Mask, cancellationToken);
        }

        Volatile.Write(ref _bans, [.. stored.Where(b => b.IsActiveAt(now))]);
    }

    /// <summary>
    /// Puts <paramref name="ban"/> in force at once (replacing one on the same mask); false when
    /// <see cref="MaxBans"/> are in force. <see cref="StoreAsync"/> then makes it last.
    /// </summary>
    public bool TryAdd(ServerBan ban)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var kept = _bans.Where(b => b.IsActiveAt(now) && !SameMask(b.Mask, ban.Mask)).ToList();
            if (kept.Count >= MaxBans)
            {
                return false;
            }

            kept.Add(ban);
            Volatile.Write(ref _bans, [.. kept]);
            return true;
        }
    }

    /// <summary>Writes <paramref name="ban"/> to the store, so it survives a restart.</summary>
    public Task StoreAsync(ServerBan ban, CancellationToken cancellationToken = default) => _store.SaveAsync(ban, cancellationToken);

    /// <summary>
    /// Lifts the ban on <paramref name="mask"/> (normalised) at once; null when none was in force.
    /// <see cref="ForgetAsync"/> then deletes it from the store.
    /// </summary>
    public ServerBan? Remove(string mask)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var found = _bans.FirstOrDefault(b => SameMask(b.Mask, mask) && b.IsActiveAt(now));
            Volatile.Write(ref _bans, [.. _bans.Where(b => !SameMask(b.Mask, mask))]);
            return found;
        }
    }

    /// <summary>Deletes the ban on <paramref name="mask"/> from the store.</summary>
    public Task ForgetAsync(string mask, CancellationToken cancellationToken = default) => _store.DeleteAsync(mask, cancellationToken);

    /// <summary>The address ban in force that holds <paramref name="address"/>, if any.</summary>
    public ServerBan? FindForAddress(IPAddress address)
    {
        var bans = Volatile.Read(ref _bans);
        if (bans.Length == 0)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        foreach (var ban in bans)
        {
            if (ban.Kind == ServerBanKind.Address && ban.IsActiveAt(now) && ban.Holds(address))
            {
                return ban;
            }
        }

        return null;
    }

    /// <summary>
    /// The ban in force on a client known as <paramref name="nickUserHost"/> from
    /// <paramref name="host"/> (its IP): a mask ban on the first, or an address ban on the second.
    /// </summary>
    public ServerBan? FindFor(string nickUserHost, string host)
    {
        var bans = Volatile.Read(ref _bans);
        if (bans.Length == 0)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var address = IPAddress.TryParse(host, out var ip) ? ip : null;
        foreach (var ban in bans)
        {
            if (ban.IsActiveAt(now) && ban.AppliesTo(nickUserHost, address))
            {
                return ban;
            }
        }

        return null;
    }

    private static bool SameMask(string a, string b) => BanMask.Comparer.Equals(a, b);
}
