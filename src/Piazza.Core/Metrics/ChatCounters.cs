using System.Collections.Concurrent;

namespace Piazza.Core.Metrics;

/// <summary>
/// What the chat has done since it started, for <c>/metrics</c>: messages said, deliveries, and
/// per protocol and transport the sessions' figures (<see cref="SessionCounters"/>). Plain
/// counters read when scraped; each is added to once per message or per batch, never per byte,
/// and a delivery count is added once per broadcast (not per member), so the fan-out loop stays
/// as it was.
/// </summary>
public sealed class ChatCounters
{
    private readonly ConcurrentDictionary<(string Protocol, string Transport), SessionCounters> _sessions = new();
    private long _messages;
    private long _deliveries;

    /// <summary>Chat messages accepted (room and private: PRIVMSG, NOTICE, actions, plain lines), since start.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Events handed to members' send queues by room broadcasts and private messages, since start.</summary>
    public long Deliveries => Interlocked.Read(ref _deliveries);

    /// <summary>The figures of every protocol and transport that has had a session.</summary>
    public IEnumerable<KeyValuePair<(string Protocol, string Transport), SessionCounters>> Sessions => _sessions;

    /// <summary>The figures of sessions of <paramref name="protocol"/> over <paramref name="transport"/>; asked once per session.</summary>
    public SessionCounters For(string protocol, string transport) =>
        _sessions.GetOrAdd((protocol, transport), static _ => new SessionCounters());

    internal void CountMessage() => Interlocked.Increment(ref _messages);

    internal void CountDeliveries(int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref _deliveries, count);
        }
    }
}
