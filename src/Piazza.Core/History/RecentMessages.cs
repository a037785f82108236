using System.Collections.Concurrent;

namespace Piazza.Core.History;

/// <summary>
/// The newest messages of the rooms whose latest messages were asked for, pending ones
/// included, kept by a database store (SQLite's, PostgreSQL's) beside its database so that the
/// replay on join (LATEST with a small limit, once per JOIN) needs neither a query nor a wait for
/// the writer's commit. Measured with IRC churn (50 clients at a time joining one room) on
/// SQLite: the query per join cost about a third of the sessions per second against the memory store.
/// </summary>
/// <remarks>
/// A room's tail is made by <see cref="Track"/> before its first read from the database, so every
/// message appended from then on is in it; <see cref="Seed"/> then adds what the database had
/// (everything appended before the read) and from then on the tail alone answers. Messages the
/// store drops (queue overflow) are never added. Appends and reads come from any thread: the
/// room table is concurrent, each tail has its own lock, held to add or copy a few references.
/// Memory: at most <c>maxRooms</c> tails of <see cref="Capacity"/> messages; past that many
/// rooms all tails are dropped and rebuilt on demand. A prune drops them all (<see cref="Clear"/>).
/// </remarks>
public sealed class RecentMessages(int capacity, int maxRooms)
{
    private readonly ConcurrentDictionary<string, Tail> _tails = new(StringComparer.Ordinal);

    /// <summary>The most messages a tail keeps: larger LATEST queries go to the database.</summary>
    public int Capacity => capacity;

    /// <summary>Adds an appended message to its room's tail, if the room has one.</summary>
    public void Add(StoredMessage message)
    {
        // On every append: one lock-free lookup (ConcurrentDictionary.IsEmpty would scan its buckets).
        if (_tails.TryGetValue(Key(message.Room), out var tail))
        {
            tail.Add(message, capacity);
        }
    }

    /// <summary>The room's newest <paramref name="limit"/> messages, oldest first, when its tail is complete.</summary>
    public bool TryLatest(string room, int limit, out IReadOnlyList<StoredMessage> latest)
    {
        if (limit <= capacity && _tails.TryGetValue(Key(room), out var tail) && tail.TryLatest(limit, out latest))
        {
            return true;
        }

        latest = [];
        return false;
    }

    /// <summary>Starts keeping the room's appends (call before reading it from the database); pass the result to <see cref="Seed"/>.</summary>
    public object Track(string room)
    {
        var key = Key(room);
        if (_tails.TryGetValue(key, out var tail))
        {
            if (!tail.IsBroken)
            {
                return tail;
            }

            _tails.TryRemove(new KeyValuePair<string, Tail>(key, tail));
        }

        if (_tails.Count >= maxRooms)
        {
            _tails.Clear();
        }

        return _tails.GetOrAdd(key, _ => new Tail());
    }

    /// <summary>
    /// Completes the tail <paramref name="tracked"/> with what the database had (<paramref name="stored"/>,
    /// its newest <see cref="Capacity"/> messages, read after <see cref="Track"/>), unless the tail
    /// was dropped meanwhile; returns the newest <paramref name="limit"/>.
    /// </summary>
    public IReadOnlyList<StoredMessage> Seed(string room, object tracked, IReadOnlyList<StoredMessage> stored, int limit)
    {
        if (_tails.TryGetValue(Key(room), out var tail) && ReferenceEquals(tail, tracked))
        {
            tail.Seed(stored, capacity);
            if (tail.TryLatest(limit, out var latest))
            {
                return latest;
            }
        }

        return stored.Count <= limit ? stored : [.. stored.Skip(stored.Count - limit)];
    }

    /// <summary>Drops the room's tail (after one of its messages was deleted from the database).</summary>
    public void Forget(string room) => _tails.TryRemove(Key(room), out _);

    /// <summary>Drops every tail (after messages were deleted from the database).</summary>
    public void Clear() => _tails.Clear();

    /// <summary>
    /// The room as stores key it: without '#', in lower case (invariant; room names are ASCII). The
    /// name itself when it has nothing to lower, so the common case allocates nothing.
    /// </summary>
    private static string Key(string room)
    {
        var name = RoomName.Strip(room);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterUpper(c) || !char.IsAscii(c))
            {
                return name.ToLowerInvariant();
            }
        }

        return name;
    }

    private sealed class Tail
    {
        private readonly Lock _gate = new();
        private List<StoredMessage> _messages = [];
        private bool _seeded;
        private bool _broken;

        /// <summary>
        /// True when more than a tail's worth came before the database's answer (a read that failed or
        /// never finished): dropped, and made again by the next <see cref="Track"/>.
        /// </summary>
        public bool IsBroken
        {
            get
            {
                lock (_gate)
                {
                    return _broken;
                }
            }
        }

        public void Add(StoredMessage message, int capacity)
        {
            lock (_gate)
            {
                if (_broken)
                {
                    return;
                }

                _messages.Add(message);
                if (_messages.Count > capacity)
                {
                    if (_seeded)
                    {
                        _messages.RemoveAt(0);
                    }
                    else
                    {
                        // Unseeded, the oldest cannot go (the database's answer may lack them): give up.
                        _broken = true;
                        _messages = [];
                    }
                }
            }
        }

        public bool TryLatest(int limit, out IReadOnlyList<StoredMessage> latest)
        {
            lock (_gate)
            {
                if (!_seeded || _broken)
                {
                    latest = [];
                    return false;
                }

                latest = [.. _messages.Skip(Math.Max(0, _messages.Count - limit))];
                return true;
            }
        }

        public void Seed(IReadOnlyList<StoredMessage> stored, int capacity)
        {
            lock (_gate)
            {
                if (_seeded || _broken)
                {
                    return;
                }

                // What came since Track and is not in the database's answer (the read started after
                // those appends were queued, so most are in both): the database's order, then the rest.
                var known = stored.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
                List<StoredMessage> merged = [.. stored, .. _messages.Where(m => !known.Contains(m.MessageId))];
                _messages = merged.Count <= capacity ? merged : merged.GetRange(merged.Count - capacity, capacity);
                _seeded = true;
            }
        }
    }
}
