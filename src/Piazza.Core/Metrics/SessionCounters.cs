namespace Piazza.Core.Metrics;

/// <summary>
/// The figures of the sessions of one protocol over one transport (<see cref="ChatCounters.For"/>):
/// open now, and counts since start. Sessions add to them; <c>/metrics</c> reads them.
/// </summary>
public sealed class SessionCounters
{
    private long _open;
    private long _registrations;
    private long _linesReceived;
    private long _linesSent;
    private long _sendQueueCuts;
    private long _floodThrottles;
    private long _floodCuts;

    /// <summary>Sessions open now.</summary>
    public long Open => Interlocked.Read(ref _open);

    /// <summary>Clients that joined the chat (an IRC registration completed, a plain client admitted).</summary>
    public long Registrations => Interlocked.Read(ref _registrations);

    /// <summary>Lines read from clients.</summary>
    public long LinesReceived => Interlocked.Read(ref _linesReceived);

    /// <summary>Lines (queued messages, each one or a few lines) written to clients.</summary>
    public long LinesSent => Interlocked.Read(ref _linesSent);

    /// <summary>Clients dropped because they stopped reading and their send queue filled.</summary>
    public long SendQueueCuts => Interlocked.Read(ref _sendQueueCuts);

    /// <summary>Times flood control started slowing a client down.</summary>
    public long FloodThrottles => Interlocked.Read(ref _floodThrottles);

    /// <summary>Clients dropped for flooding (Excess Flood).</summary>
    public long FloodCuts => Interlocked.Read(ref _floodCuts);

    /// <summary>A session started.</summary>
    public void Opened() => Interlocked.Increment(ref _open);

    /// <summary>A session ended.</summary>
    public void Closed() => Interlocked.Decrement(ref _open);

    /// <summary>A client joined the chat.</summary>
    public void Registered() => Interlocked.Increment(ref _registrations);

    /// <summary><paramref name="count"/> lines read (counted per read, not per line).</summary>
    public void Received(int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref _linesReceived, count);
        }
    }

    /// <summary><paramref name="count"/> queued messages written in one flush.</summary>
    public void Sent(int count) => Interlocked.Add(ref _linesSent, count);

    /// <summary>A client was cut for its full send queue.</summary>
    public void CutForSendQueue() => Interlocked.Increment(ref _sendQueueCuts);

    /// <summary>Flood control started slowing a client.</summary>
    public void Throttled() => Interlocked.Increment(ref _floodThrottles);

    /// <summary>A client was cut for flooding.</summary>
    public void CutForFlood() => Interlocked.Increment(ref _floodCuts);
}
