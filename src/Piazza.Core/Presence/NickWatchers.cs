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
/// In a cluster each watched nick's entry also keeps its holder on another node, as the nick's
/// grain last said (<see cref="HolderElsewhere"/>): it goes with the entry, so a nick nobody here
/// watches costs nothing. Every piece of news about it is stamped from one counter, so an answer
/// the cluster gave to a question asked before that news can be told apart and dropped.
/// </remarks>
public sealed class NickWatchers
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Watched> _byNick = new(NickName.Comparer);
    private readonly Dictionary<Member, Watch> _byWatcher = new(ReferenceEqualityComparer.Instance);
    private volatile int _watchedNicks;
    private long _clock;

    /// <summary>How many distinct nicks someone watches now.</summary>
    public int WatchedNickCount => _watchedNicks;

    /// <summary>
    /// Adds <paramref name="nicks"/> to <paramref name="watcher"/>'s list, in order, until it holds
    /// <paramref name="limit"/>; a nick already on it is not added again and costs nothing.
    /// </summary>
    /// <returns>How many of <paramref name="nicks"/> are on the list now: those after it did not fit.</returns>
    public int Add(Member watcher, INickWatcher sink, IReadOnlyList<string> nicks, int limit) => Add(watcher, sink, nicks, limit, firstHere: null);

    /// <inheritdoc cref="Add(Member, INickWatcher, IReadOnlyList{string}, int)"/>
    /// <param name="firstHere">Given: gets the nicks nobody watched before (a cluster's node then watches them across the cluster).</param>
    public int Add(Member watcher, INickWatcher sink, IReadOnlyList<string> nicks, int limit, List<string>? firstHere)
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
                if (!_byNick.TryGetValue(nicks[i], out var watched))
                {
                    watched = new Watched();
                    _byNick[nicks[i]] = watched;
                    _watchedNicks++;
                    firstHere?.Add(nicks[i]);
                }

                watched.Watches.Add(watch);
            }

            return nicks.Count;
        }
    }

    /// <summary>Takes <paramref name="nicks"/> off <paramref name="watcher"/>'s list (those not on it are ignored).</summary>
    public void Remove(Member watcher, IEnumerable<string> nicks) => Remove(watcher, nicks, lastHere: null);

    /// <inheritdoc cref="Remove(Member, IEnumerable{string})"/>
    /// <param name="lastHere">Given: gets the nicks nobody watches any more.</param>
    public void Remove(Member watcher, IEnumerable<string> nicks, List<string>? lastHere)
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
                    Unindex(held, watch, lastHere);
                }
            }

            if (watch.Nicks.Count == 0)
            {
                _byWatcher.Remove(watcher);
            }
        }
    }

    /// <summary>Empties <paramref name="watcher"/>'s list (MONITOR C, and when it leaves the hub).</summary>
    public void Clear(Member watcher) => Clear(watcher, lastHere: null);

    /// <inheritdoc cref="Clear(Member)"/>
    /// <param name="lastHere">Given: gets the nicks nobody watches any more.</param>
    public void Clear(Member watcher, List<string>? lastHere)
    {
        lock (_lock)
        {
            if (!_byWatcher.Remove(watcher, out var watch))
            {
                return;
            }

            foreach (var nick in watch.Nicks)
            {
                Unindex(nick, watch, lastHere);
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
            return _byNick.TryGetValue(nick, out var watched) ? Copy(watched) : [];
        }
    }

    /// <summary>Whether someone here watches <paramref name="nick"/>.</summary>
    public bool IsWatched(string nick)
    {
        lock (_lock)
        {
            return _byNick.ContainsKey(nick);
        }
    }

    /// <summary>Every nick someone here watches (a copy).</summary>
    public IReadOnlyList<string> WatchedNicks()
    {
        lock (_lock)
        {
            return [.. _byNick.Keys];
        }
    }

    /// <summary>The stamp of the last news about a holder elsewhere: taken before asking the cluster, it tells whether news came in meanwhile (<see cref="ReplaceHolderElsewhere"/>).</summary>
    public long Stamp
    {
        get
        {
            lock (_lock)
            {
                return _clock;
            }
        }
    }

    /// <summary>The member of another node holding watched <paramref name="nick"/>, as the cluster last said; null when none (or nobody here watches it).</summary>
    public Member? HolderElsewhere(string nick)
    {
        lock (_lock)
        {
            return _byNick.TryGetValue(nick, out var watched) ? watched.Elsewhere : null;
        }
    }

    /// <summary>The watched nicks whose holder is a member of <paramref name="node"/>.</summary>
    public IReadOnlyList<string> HeldElsewhereOn(string node)
    {
        lock (_lock)
        {
            return [.. _byNick.Where(e => string.Equals(e.Value.Elsewhere?.Node, node, StringComparison.Ordinal)).Select(e => e.Key)];
        }
    }

    /// <summary>
    /// Sets watched <paramref name="nick"/>'s holder on another node to what <paramref name="next"/>
    /// makes of the one kept (a small pure function, run under the lock). Nothing happens when nobody
    /// watches the nick, or, given <paramref name="unlessNewsSince"/> (an answer to a question asked
    /// at that <see cref="Stamp"/>), when news came after it. Without it, this is news.
    /// </summary>
    /// <returns>Whether the holder changed; then its watchers, to be told.</returns>
    public bool ReplaceHolderElsewhere(string nick, Func<Member?, Member?> next, long? unlessNewsSince, out Member? before, out Member? after, out IReadOnlyList<(Member Watcher, INickWatcher Sink)> watchers)
    {
        ArgumentNullException.ThrowIfNull(next);
        before = after = null;
        watchers = [];
        lock (_lock)
        {
            if (!_byNick.TryGetValue(nick, out var watched) || watched.HeardAt > unlessNewsSince)
            {
                return false;
            }

            if (unlessNewsSince is null)
            {
                // News, whether it changes the holder or not: an answer to an older question must not undo it.
                watched.HeardAt = ++_clock;
            }

            before = watched.Elsewhere;
            after = next(before);
            if (ReferenceEquals(before, after))
            {
                return false;
            }

            watched.Elsewhere = after;
            watchers = Copy(watched);
            return true;
        }
    }

    private static (Member, INickWatcher)[] Copy(Watched watched)
    {
        var copy = new (Member, INickWatcher)[watched.Watches.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = (watched.Watches[i].Watcher, watched.Watches[i].Sink);
        }

        return copy;
    }

    /// <summary>Drops <paramref name="watch"/> from <paramref name="nick"/>'s watchers, and the entry when it was the last (named in <paramref name="lastHere"/>). Under the lock.</summary>
    private void Unindex(string nick, Watch watch, List<string>? lastHere)
    {
        if (_byNick.TryGetValue(nick, out var watched))
        {
            watched.Watches.Remove(watch);
            if (watched.Watches.Count == 0)
            {
                _byNick.Remove(nick);
                _watchedNicks--;
                lastHere?.Add(nick);
            }
        }
    }

    /// <summary>One watched nick: who watches it here, and in a cluster its holder on another node.</summary>
    private sealed class Watched
    {
        public List<Watch> Watches { get; } = [];

        /// <summary>A stand-in for the member of another node holding the nick, as the cluster last said.</summary>
        public Member? Elsewhere { get; set; }

        /// <summary>The <see cref="Stamp"/> of the last news from the cluster about it (0: none yet).</summary>
        public long HeardAt { get; set; }
    }

    /// <summary>One watcher's list; a nick keeps the spelling it was first added with.</summary>
    private sealed class Watch(Member watcher, INickWatcher sink)
    {
        public Member Watcher { get; } = watcher;

        public INickWatcher Sink { get; } = sink;

        public HashSet<string> Nicks { get; } = new(NickName.Comparer);
    }
}
