namespace Piazza.Core;

/// <summary>
/// Who watches which nick (IRC's MONITOR lists): an index from a nick to its watchers, so telling
/// them about a connect, quit or nick change costs one lookup, not a scan of every session; and
/// each watcher's own list, for <c>MONITOR L</c>, its limit, and dropping it when it leaves.
/// </summary>
/// <remarks>
/// Nicks compare as the hub's registry does (<see cref="NickName.Comparer"/>, CASEMAPPING=ascii).
/// One <see cref="Lock"/> guards both maps; it is held for a few dictionary operations (or to copy
/// one nick's watchers), nothing is delivered under it and no other lock is taken under it. A
/// volatile count lets the hub skip the lock on every connect and quit while nobody watches.
/// Memory: a watcher holds at most its limit of nicks, each a valid nick (so at most NICKLEN
/// characters); an entry goes when its last watcher lets it go.
/// </remarks>
public sealed class NickWatchers
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Watch>> _byNick = new(NickName.Comparer);
    private readonly Dictionary<Member, Watch> _byWatcher = new(ReferenceEqualityComparer.Instance);
    private volatile int _watchedNicks;

    /// <summary>How many distinct nicks someone watches now.</summary>
    public int WatchedNickCount => _watchedNicks;

    /// <summary>
    /// Adds <paramref name="nicks"/> to <paramref name="watcher"/>'s list, in order, until it holds
    /// <paramref name="limit"/>; a nick already on it is not added again and costs nothing.
    /// </summary>
    /// <returns>How many of <paramref name="nicks"/> are on the list now: those after it did not fit.</returns>
    public int Add(Member watcher, INickWatcher sink, IReadOnlyList<string> nicks, int limit)
    {
        lock (_lock)
        {
            if (!_byWatcher.TryGetValue(watcher, out var watch))
            {
                watch = new Watch(watcher, sink);
                _byWatcher[watcher] = watch;
            }

            for (var i = 0; i < nicks.Count; i++)
            {
                if (watch.Nicks.Contains(nicks[i]))
                {
                    continue;
                }

                if (watch.Nicks.Count >= limit)
                {
                    return i;
                }

                watch.Nicks.Add(nicks[i]);
                if (!_byNick.TryGetValue(nicks[i], out var watchers))
                {
                    watchers = [];
                    _byNick[nicks[i]] = watchers;
                    _watchedNicks++;
                }

                watchers.Add(watch);
            }

            return nicks.Count;
        }
    }

    /// <summary>Takes <paramref name="nicks"/> off <paramref name="watcher"/>'s list (those not on it are ignored).</summary>
    public void Remove(Member watcher, IEnumerable<string> nicks)
    {
        lock (_lock)
        {
            if (!_byWatcher.TryGetValue(watcher, out var watch))
            {
                return;
            }

            foreach (var nick in nicks)
            {
                if (watch.Nicks.TryGetValue(nick, out var held))
                {
                    watch.Nicks.Remove(held);
                    Unindex(held, watch);
                }
            }

            if (watch.Nicks.Count == 0)
            {
                _byWatcher.Remove(watcher);
            }
        }
    }

    /// <summary>Empties <paramref name="watcher"/>'s list (MONITOR C, and when it leaves the hub).</summary>
    public void Clear(Member watcher)
    {
        lock (_lock)
        {
            if (!_byWatcher.Remove(watcher, out var watch))
            {
                return;
            }

            foreach (var nick in watch.Nicks)
            {
                Unindex(nick, watch);
            }
        }
    }

    /// <summary>The nicks on <paramref name="watcher"/>'s list, as it first added them.</summary>
    public IReadOnlyList<string> ListOf(Member watcher)
    {
        lock (_lock)
        {
            return _byWatcher.TryGetValue(watcher, out var watch) ? [.. watch.Nicks] : [];
        }
    }

    /// <summary>Who watches <paramref name="nick"/> now (a copy; empty at no cost while nobody watches anything).</summary>
    public IReadOnlyList<(Member Watcher, INickWatcher Sink)> WatchersOf(string nick)
    {
        if (_watchedNicks == 0)
        {
            return [];
        }

        lock (_lock)
        {
            if (!_byNick.TryGetValue(nick, out var watchers))
            {
                return [];
            }

            var copy = new (Member, INickWatcher)[watchers.Count];
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = (watchers[i].Watcher, watchers[i].Sink);
            }

            return copy;
        }
    }

    /// <summary>Drops <paramref name="watch"/> from <paramref name="nick"/>'s watchers, and the entry when it was the last. Under the lock.</summary>
    private void Unindex(string nick, Watch watch)
    {
        if (_byNick.TryGetValue(nick, out var watchers))
        {
            watchers.Remove(watch);
            if (watchers.Count == 0)
            {
                _byNick.Remove(nick);
                _watchedNicks--;
            }
        }
    }

    /// <summary>One watcher's list; a nick keeps the spelling it was first added with.</summary>
    private sealed class Watch(Member watcher, INickWatcher sink)
    {
        public Member Watcher { get; } = watcher;

        public INickWatcher Sink { get; } = sink;

        public HashSet<string> Nicks { get; } = new(NickName.Comparer);
    }
}
