namespace Piazza.Core.History;

/// <summary>
/// History kept in memory: for tests, and for running with history off the disk. Bounded per
/// room so it cannot grow without end. Order is the order of <see cref="Append"/>.
/// </summary>
public sealed class InMemoryMessageStore(int maxPerRoom = 10_000) : IMessageStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<(long Seq, StoredMessage Message)>> _rooms = new(RoomName.Comparer);
    private readonly Dictionary<string, StoredTopic> _topics = new(RoomName.Comparer);
    private long _nextSeq;

    /// <inheritdoc/>
    public StoreHealth Health => new(true, null, 0, 0);

    /// <inheritdoc/>
    public void Append(StoredMessage message)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(message.Room, out var list))
            {
                _rooms[message.Room] = list = [];
            }

            list.Add((++_nextSeq, message));
            if (message.Kind == StoredKind.Topic)
            {
                if (message.Text.Length == 0)
                {
                    _topics.Remove(message.Room);
                }
                else
                {
                    _topics[message.Room] = new StoredTopic(message.Room, message.Text, message.SenderNick, message.Time);
                }
            }

            if (list.Count > maxPerRoom)
            {
                list.RemoveRange(0, list.Count - maxPerRoom);
            }
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredTopic>> TopicsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<StoredTopic>>([.. _topics.Values]);
        }
    }

    /// <inheritdoc/>
    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredMessage>> LatestAsync(string room, int limit, CancellationToken cancellationToken = default) =>
        Query(room, list => list.TakeLast(limit));

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredMessage>> BeforeAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        Query(room, list => list.Take(IndexOf(list, point, after: false)).TakeLast(limit));

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredMessage>> AfterAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        Query(room, list => list.Skip(IndexOf(list, point, after: true)).Take(limit));

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredMessage>> AroundAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        Query(room, list =>
        {
            var before = IndexOf(list, point, after: false);
            var start = Math.Max(0, before - (limit / 2));
            return list.Skip(start).Take(limit);
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredMessage>> BetweenAsync(string room, HistoryPoint first, HistoryPoint last, int limit, CancellationToken cancellationToken = default) =>
        Query(room, list =>
        {
            var from = IndexOf(list, first, after: true);
            var until = IndexOf(list, last, after: false);
            if (from < until)
            {
                return list.Skip(from).Take(until - from).Take(limit);
            }

            // Nothing from the first up to the last: the first may be the later point. Then the
            // newest ones before it, down to the last.
            from = IndexOf(list, last, after: true);
            until = IndexOf(list, first, after: false);
            return list.Skip(from).Take(Math.Max(0, until - from)).TakeLast(limit);
        });

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string room, string messageId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var removed = _rooms.TryGetValue(RoomName.Strip(room), out var list)
                && list.RemoveAll(entry => string.Equals(entry.Message.MessageId, messageId, StringComparison.Ordinal)) > 0;
            return Task.FromResult(removed);
        }
    }

    /// <inheritdoc/>
    public void Rename(string room, string newName)
    {
        var from = RoomName.Strip(room);
        var to = RoomName.Strip(newName);
        lock (_gate)
        {
            // The room's topic goes with it, and replaces any an earlier room of the new name left.
            _topics.Remove(to);
            if (_topics.Remove(from, out var topic))
            {
                _topics[to] = topic with { Room = to };
            }

            if (!_rooms.Remove(from, out var moved))
            {
                return;
            }

            var kept = _rooms.Remove(to, out var existing) ? existing : [];
            List<(long Seq, StoredMessage Message)> merged = [.. kept.Concat(moved.Select(m => (m.Seq, m.Message with { Room = to }))).OrderBy(m => m.Seq)];
            if (merged.Count > maxPerRoom)
            {
                merged.RemoveRange(0, merged.Count - maxPerRoom);
            }

            _rooms[to] = merged;
        }
    }

    /// <inheritdoc/>
    public Task<bool> ContainsAsync(string room, string messageId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_rooms.TryGetValue(RoomName.Strip(room), out var list) && list.Exists(m => m.Message.MessageId == messageId));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<(string Room, DateTimeOffset Latest)>> TargetsAsync(DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst, CancellationToken cancellationToken = default) =>
        LatestOf(key => !Conversation.IsKey(key), after, before, limit, newestFirst);

    /// <inheritdoc/>
    public Task<IReadOnlyList<(string Conversation, DateTimeOffset Latest)>> ConversationsAsync(string account, DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst, CancellationToken cancellationToken = default) =>
        LatestOf(key => Conversation.Other(key, account) is not null, after, before, limit, newestFirst);

    /// <inheritdoc/>
    public Task<long> PruneAsync(DateTimeOffset olderThan, int keepPerRoom, CancellationToken cancellationToken = default)
    {
        long removed = 0;
        lock (_gate)
        {
            foreach (var list in _rooms.Values)
            {
                removed += list.RemoveAll(m => m.Message.Time < olderThan);
                if (list.Count > keepPerRoom)
                {
                    removed += list.Count - keepPerRoom;
                    list.RemoveRange(0, list.Count - keepPerRoom);
                }
            }
        }

        return Task.FromResult(removed);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The keys <paramref name="include"/> takes whose latest message lies strictly between two times: TARGETS.</summary>
    private Task<IReadOnlyList<(string, DateTimeOffset)>> LatestOf(Func<string, bool> include, DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst)
    {
        lock (_gate)
        {
            var latest = _rooms
                .Where(r => r.Value.Count > 0 && include(r.Key))
                .Select(r => (r.Key, r.Value[^1].Message.Time, r.Value[^1].Seq))
                .Where(r => r.Time > after && r.Time < before);
            var ordered = newestFirst
                ? latest.OrderByDescending(r => r.Time).ThenByDescending(r => r.Seq)
                : latest.OrderBy(r => r.Time).ThenBy(r => r.Seq);
            IReadOnlyList<(string, DateTimeOffset)> targets = [.. ordered.Take(Math.Max(0, limit)).Select(r => (r.Key, r.Time))];
            return Task.FromResult(targets);
        }
    }

    private Task<IReadOnlyList<StoredMessage>> Query(string room, Func<List<(long Seq, StoredMessage Message)>, IEnumerable<(long Seq, StoredMessage Message)>> select)
    {
        lock (_gate)
        {
            IReadOnlyList<StoredMessage> result = _rooms.TryGetValue(RoomName.Strip(room), out var list)
                ? [.. select(list).Select(m => m.Message)]
                : [];
            return Task.FromResult(result);
        }
    }

    /// <summary>
    /// Where a point falls in a room's list: for a msgid, the message's index (plus one when
    /// <paramref name="after"/>); for a time, the first message at or after it (strictly after
    /// when <paramref name="after"/>). An unknown msgid falls at the end.
    /// </summary>
    private static int IndexOf(List<(long Seq, StoredMessage Message)> list, HistoryPoint point, bool after)
    {
        if (point.MessageId is { } id)
        {
            var index = list.FindIndex(m => m.Message.MessageId == id);
            return index < 0 ? list.Count : index + (after ? 1 : 0);
        }

        var at = list.FindIndex(m => after ? m.Message.Time > point.Time : m.Message.Time >= point.Time);
        return at < 0 ? list.Count : at;
    }
}
