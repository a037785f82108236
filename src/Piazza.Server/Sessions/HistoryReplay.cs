using Piazza.Core;
using Piazza.Core.History;

namespace Piazza.Server.Sessions;

/// <summary>
/// A room's recent history for a member who joins it, for both protocols, so that nothing said
/// around the join is lost or shown twice (docs/ARCHITECTURE.md, "History on join"):
/// <list type="number">
/// <item><see cref="Hold"/> before joining: from then on everything delivered to this session is
/// held here (<see cref="TryHold"/>, called by the session's delivery) instead of sent — every
/// event, not only the room's, so that each sender's events still reach the client in the order
/// they were sent (a room message, then a private message from the same sender).</item>
/// <item>Join. The hub queues a message for the store before it reads the room's members, so a
/// message the joiner is not delivered was queued before the join.</item>
/// <item><see cref="FinishAsync"/>: reads the newest messages (LATEST includes every message
/// appended before it, so every such message), has the session show those that did not also
/// come live, then sends the held events, in order.</item>
/// </list>
/// Used by the session's read loop (Hold, FinishAsync) and by the threads delivering to it
/// (TryHold); the held events are under one lock, and <see cref="TryHold"/> costs one volatile
/// read while nothing is held.
/// </summary>
internal sealed class HistoryReplay(IMessageStore? store, TimeProvider time, Action<ChatEvent> sendLive, Action<string, Exception> readFailed)
{
    /// <summary>The longest a join waits for the store; past it the joiner gets no history rather than waiting on.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();

    // Made by a join and dropped when the last join in progress ends: an idle session holds
    // neither (~190 B per connection; docs/benchmarks.md, memory per idle connection).
    private HashSet<string>? _joining;
    private List<ChatEvent>? _held;
    private int _holding;

    /// <summary>Starts holding what is delivered to this session (call before joining <paramref name="room"/>).</summary>
    public void Hold(string room)
    {
        lock (_gate)
        {
            _joining ??= new(RoomName.Comparer);
            _joining.Add(room);
            Volatile.Write(ref _holding, _joining.Count);
        }
    }

    /// <summary>True while a room is being joined: <paramref name="chatEvent"/> is held, to be sent after the history.</summary>
    public bool TryHold(ChatEvent chatEvent)
    {
        if (Volatile.Read(ref _holding) == 0)
        {
            return false;
        }

        lock (_gate)
        {
            if (_joining is not { Count: > 0 })
            {
                return false;
            }

            (_held ??= []).Add(chatEvent);
            return true;
        }
    }

    /// <summary>
    /// Ends the join of <paramref name="room"/>: <paramref name="showHistory"/> gets the newest
    /// <paramref name="count"/> stored messages from before the join (none when
    /// <paramref name="count"/> is 0, history is off, or the store fails or takes longer than
    /// <see cref="ReadTimeout"/>), without those that also came live; then, unless another join
    /// still holds, what was held is sent. Under the lock deliveries take, so an event delivered
    /// meanwhile is either held (and sent here) or comes after.
    /// </summary>
    public async ValueTask FinishAsync(string room, int count, Action<IReadOnlyList<StoredMessage>> showHistory)
    {
        var earlier = count > 0 ? await ReadLatestAsync(room, count) : [];
        lock (_gate)
        {
            _joining?.Remove(room);
            showHistory(WithoutLive(earlier, _held));
            if (_joining is not { Count: > 0 })
            {
                if (_held is { } held)
                {
                    foreach (var chatEvent in held)
                    {
                        sendLive(chatEvent);
                    }
                }

                _held = null;
                _joining = null;
            }

            Volatile.Write(ref _holding, _joining?.Count ?? 0);
        }
    }

    /// <summary>
    /// The newest <paramref name="count"/> messages of <paramref name="room"/>, everything queued
    /// for the store before the call included; none when history is off, or the store fails or
    /// takes longer than <see cref="ReadTimeout"/> (logged).
    /// </summary>
    public async ValueTask<IReadOnlyList<StoredMessage>> ReadLatestAsync(string room, int count)
    {
        if (store is null || count <= 0)
        {
            return [];
        }

        try
        {
            using var timeout = new CancellationTokenSource(ReadTimeout, time);

            // LATEST includes everything appended before the call (IMessageStore): the SQLite
            // store answers from its recent tail, or commits what is pending before it reads.
            return await store.LatestAsync(room, count, timeout.Token);
        }
        catch (Exception ex)
        {
            // A broken or stuck store must not break joining: the client just sees no history.
            readFailed(room, ex);
            return [];
        }
    }

    /// <summary>The stored messages the joiner was not also delivered live (queued for the store just before the join).</summary>
    private static IReadOnlyList<StoredMessage> WithoutLive(IReadOnlyList<StoredMessage> earlier, List<ChatEvent>? live)
    {
        if (earlier.Count == 0 || live is not { Count: > 0 })
        {
            return earlier;
        }

        var delivered = live.Where(e => e.Kind is ChatEventKind.Message or ChatEventKind.TopicChange)
            .Select(e => e.MessageId).ToHashSet(StringComparer.Ordinal);
        return delivered.Count == 0 ? earlier : [.. earlier.Where(m => !delivered.Contains(m.MessageId))];
    }
}
