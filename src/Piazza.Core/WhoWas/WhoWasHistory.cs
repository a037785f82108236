using Piazza.Core.Bans;

namespace Piazza.Core.WhoWas;

/// <summary>
/// The nicknames people have left (a nick change or a quit), newest first, for IRC's WHOWAS
/// (https://modern.ircdocs.horse/#whowas-message). Bounded twice: at most <see cref="Capacity"/>
/// entries in all (the oldest goes first) and at most <see cref="MaxPerNick"/> per nickname, so
/// one client going back and forth between two nicks fills at most twenty places.
/// </summary>
/// <remarks>
/// Threads: every session's read loop records (nick changes, quits) and asks; one private lock
/// guards the list and its per-nick index. Recording holds it for O(1) work; Find for one pass over
/// at most <see cref="Capacity"/> entries.
/// </remarks>
public sealed class WhoWasHistory(int capacity)
{
    /// <summary>The most entries one nickname keeps (older ones of the same nick go first).</summary>
    public const int MaxPerNick = 10;

    private readonly Lock _lock = new();

    // Oldest first. Beside it, each nick's own nodes, oldest first, so that recording is O(1)
    // however large the capacity: the oldest entry and a nick's oldest entry are both found
    // without a scan. Only Find walks the list (a glob has to look at every nick).
    private readonly LinkedList<WhoWasEntry> _entries = new();
    private readonly Dictionary<string, Queue<LinkedListNode<WhoWasEntry>>> _byNick = new(NickName.Comparer);

    /// <summary>The most entries kept in all; 0 keeps none.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>How many entries are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Keeps <paramref name="entry"/> as the newest, dropping the oldest beyond the bounds.</summary>
    public void Record(WhoWasEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Capacity <= 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_byNick.TryGetValue(entry.Nick, out var same) && same.Count >= MaxPerNick)
            {
                Forget(same.Peek());
            }

            if (_entries.Count >= Capacity && _entries.First is { } oldest)
            {
                Forget(oldest);
            }

            var node = _entries.AddLast(entry);
            if (!_byNick.TryGetValue(entry.Nick, out same))
            {
                same = new Queue<LinkedListNode<WhoWasEntry>>();
                _byNick.Add(entry.Nick, same);
            }

            same.Enqueue(node);
        }
    }

    /// <summary>
    /// Up to <paramref name="count"/> entries (all of them when it is 0 or less) whose nick is
    /// <paramref name="mask"/>, a nickname or a glob (<c>*</c>, <c>?</c>), case-insensitively;
    /// newest first.
    /// </summary>
    public IReadOnlyList<WhoWasEntry> Find(string mask, int count)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var limit = count <= 0 ? int.MaxValue : count;
        var found = new List<WhoWasEntry>();
        lock (_lock)
        {
            if (mask.AsSpan().IndexOfAny('*', '?') < 0)
            {
                // A plain nick: its own few entries, without walking everyone's.
                if (_byNick.TryGetValue(mask, out var same))
                {
                    found.AddRange(same.Reverse().Take(limit).Select(n => n.Value));
                }

                return found;
            }

            for (var node = _entries.Last; node is not null && found.Count < limit; node = node.Previous)
            {
                if (BanMask.Matches(mask, node.Value.Nick))
                {
                    found.Add(node.Value);
                }
            }
        }

        return found;
    }

    /// <summary>Drops <paramref name="node"/>, which is the oldest of its nick's entries. Under <see cref="_lock"/>.</summary>
    private void Forget(LinkedListNode<WhoWasEntry> node)
    {
        var same = _byNick[node.Value.Nick];
        same.Dequeue();
        if (same.Count == 0)
        {
            _byNick.Remove(node.Value.Nick);
        }

        _entries.Remove(node);
    }
}
