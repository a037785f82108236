using Microsoft.AspNetCore.Connections;

namespace Piazza.Server.Tls;

/// <summary>
/// One connection's handshake deadline: ends the handshake (and so the connection) unless <see cref="Complete"/> is
/// called within <c>Tls:HandshakeTimeoutSeconds</c>, so a client that never finishes its
/// handshake does not hold a connection (and its per-IP slot) for ever.
/// </summary>
/// <remarks>
/// Threads: made and disposed by the connection's middleware; <see cref="Complete"/> runs on the
/// thread that finished the handshake, the expiry on the <see cref="TimeProvider"/>'s timer thread.
/// One state, moved once by compare-and-swap, decides between them.
/// </remarks>
internal sealed class TlsHandshakeWatch : IDisposable
{
    private const int Pending = 0;
    private const int Completed = 1;
    private const int TimedOutState = 2;

    private readonly ConnectionContext _connection;
    private readonly ITimer _timer;
    private int _state;
    private int _handshaking;

    public TlsHandshakeWatch(ConnectionContext connection, TimeProvider time, TimeSpan timeout)
    {
        _connection = connection;
        _timer = time.CreateTimer(static self => ((TlsHandshakeWatch)self!).Expire(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether the handshake finished in time.</summary>
    public bool IsCompleted => Volatile.Read(ref _state) == Completed;

    /// <summary>Whether the deadline passed first (and the handshake was ended).</summary>
    public bool TimedOut => Volatile.Read(ref _state) == TimedOutState;

    /// <summary>
    /// The first byte was a handshake and Kestrel's TLS now reads the rest: from here on the
    /// deadline aborts. Both this and the expiry publish their move with a full fence before
    /// reading the other's, so a deadline passing meanwhile is acted on by one of them.
    /// </summary>
    public void Handshaking()
    {
        Interlocked.Exchange(ref _handshaking, 1);
        if (TimedOut)
        {
            Abort();
        }
    }

    /// <summary>The handshake is done: the deadline no longer applies.</summary>
    public void Complete()
    {
        if (Interlocked.CompareExchange(ref _state, Completed, Pending) == Pending)
        {
            _timer.Dispose();
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Expire()
    {
        if (Interlocked.CompareExchange(ref _state, TimedOutState, Pending) == Pending)
        {
            if (Volatile.Read(ref _handshaking) == 1)
            {
                Abort();
            }
            else
            {
                // Still waiting for the first byte: ending that read closes cleanly (a FIN, not a reset).
                _connection.Transport.Input.CancelPendingRead();
            }
        }
    }

    /// <summary>Kestrel's TLS stream reads past a cancelled read: only an abort ends its handshake.</summary>
    private void Abort() => _connection.Abort(new ConnectionAbortedException("the TLS handshake timed out"));
}
