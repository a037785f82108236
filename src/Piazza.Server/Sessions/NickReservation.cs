namespace Piazza.Server.Sessions;

/// <summary>
/// One session's watch over a registered nick it holds without being logged in to that nick's
/// account (docs/protocol-irc.md "Accounts"): the nick and when its grace ends, and the one-shot
/// timer of the hub's clock that wakes the session's read loop then. The rename itself is the read
/// loop's (a member's nick is changed by its own session only): the timer only asks for it.
/// </summary>
/// <remarks>
/// Threads: <see cref="Arm"/>, <see cref="Disarm"/> and <see cref="TakeIfDue"/> run on the
/// session's read loop, which alone reads and writes the nick and the deadline. The timer's
/// callback (a thread-pool thread) reads nothing of them: it calls the wake it was given, and
/// <see cref="TakeIfDue"/> then judges the deadline against the clock, so a callback already on its
/// way when the watch was disarmed or armed again for a later deadline does nothing. After
/// <see cref="Dispose"/> (the session's end) the timer is stopped and a callback wakes nobody; one
/// that had already passed that check only cancels a read nobody will make, as a late
/// <c>Close</c> from another thread may.
/// </remarks>
internal sealed class NickReservation : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Action _wake;
    private readonly ITimer _timer;
    private volatile bool _disposed;
    private long _deadline;

    /// <param name="wake">Asks the session's read loop to call <see cref="TakeIfDue"/> (any thread).</param>
    public NickReservation(TimeProvider time, TimeSpan grace, Action wake)
    {
        _time = time;
        _wake = wake;
        Grace = grace;
        _timer = time.CreateTimer(static s => ((NickReservation)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How long a holder has to log in (<c>Accounts:NickGraceSeconds</c>).</summary>
    public TimeSpan Grace { get; }

    /// <summary>The registered nick being watched, or null when none is.</summary>
    public string? Nick { get; private set; }

    /// <summary>Starts the grace for <paramref name="nick"/>: past it, the read loop is woken.</summary>
    public void Arm(string nick)
    {
        Nick = nick;
        _deadline = _time.GetTimestamp() + (long)Math.Ceiling(Grace.TotalSeconds * _time.TimestampFrequency);
        Change(Grace);
    }

    /// <summary>Stops watching (a login, a nick change): nothing happens when the grace ends.</summary>
    public void Disarm()
    {
        if (Nick is null)
        {
            return;
        }

        Nick = null;
        Change(Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// For the woken read loop: the watched nick when its grace is over (the watch ends), else null
    /// (a stale wake: disarmed, or armed again since).
    /// </summary>
    public string? TakeIfDue()
    {
        if (Nick is not { } nick)
        {
            return null;
        }

        var left = _deadline - _time.GetTimestamp();
        if (left > 0)
        {
            // A wake from an earlier arming, or a timer a hair ahead of the timestamp clock: wait the rest.
            Change(TimeSpan.FromSeconds((double)left / _time.TimestampFrequency));
            return null;
        }

        Nick = null;
        return nick;
    }

    /// <summary>The session has ended: the timer stops, and a callback already running wakes nobody.</summary>
    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
    }

    private void OnTimer()
    {
        if (!_disposed)
        {
            _wake();
        }
    }

    private void Change(TimeSpan due)
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The session ended meanwhile: nothing left to time.
        }
    }
}
