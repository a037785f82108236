namespace Piazza.Server.Irc;

/// <summary>
/// One IRC connection's clock: the registration timeout, then PING after
/// <c>Irc:PingIntervalSeconds</c> idle and a cut when <c>Irc:PingTimeoutSeconds</c> pass without an
/// answer. Each holds to the tick of its setting: the one timer is armed for the next deadline
/// itself, not polled at a period (a 15 s poll once let a 30 s registration timeout run to 45 s).
/// </summary>
/// <remarks>
/// Threads: <see cref="OnActivity"/> and <see cref="OnRegistered"/> run on the session's read
/// loop; the timer's callback on a thread-pool thread. Activity only stores a timestamp (no timer
/// call per line): when the timer fires early because the client spoke since it was armed, it is
/// armed again for the moved deadline. Only an answered PING re-arms from the read loop.
/// </remarks>
internal sealed class IrcTimeouts
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _registration;
    private readonly TimeSpan _pingInterval;
    private readonly TimeSpan _pingTimeout;
    private readonly IIrcTimeoutActions _actions;
    private readonly ITimer _timer;
    private readonly long _connectedAt;
    private long _lastActivity;
    private long _pingSentAt;
    private volatile bool _registered;

    public IrcTimeouts(TimeProvider time, IrcOptions options, IIrcTimeoutActions actions)
    {
        _time = time;
        _registration = TimeSpan.FromSeconds(options.RegistrationTimeoutSeconds);
        _pingInterval = TimeSpan.FromSeconds(options.PingIntervalSeconds);
        _pingTimeout = TimeSpan.FromSeconds(options.PingTimeoutSeconds);
        _actions = actions;
        _connectedAt = time.GetTimestamp();
        _lastActivity = _connectedAt;
        _timer = time.CreateTimer(static s => ((IrcTimeouts)s!).OnTimer(), this, _registration, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The client sent a line: it is not idle, and any PING is answered.</summary>
    public void OnActivity()
    {
        Volatile.Write(ref _lastActivity, _time.GetTimestamp());
        if (Volatile.Read(ref _pingSentAt) != 0)
        {
            Volatile.Write(ref _pingSentAt, 0);
            Arm(_pingInterval);
        }
    }

    /// <summary>Registration is complete: from now on the client is PINGed when idle.</summary>
    public void OnRegistered()
    {
        _registered = true;
        Arm(_pingInterval - _time.GetElapsedTime(Volatile.Read(ref _lastActivity)));
    }

    /// <summary>The connection has closed: the timer stops.</summary>
    public void Stop() => _timer.Dispose();

    private void OnTimer()
    {
        if (!_registered)
        {
            var left = _registration - _time.GetElapsedTime(_connectedAt);
            if (left > TimeSpan.Zero)
            {
                Arm(left);
                return;
            }

            _actions.RegistrationTimedOut();
            return;
        }

        var pingSentAt = Volatile.Read(ref _pingSentAt);
        if (pingSentAt != 0)
        {
            var left = _pingTimeout - _time.GetElapsedTime(pingSentAt);
            if (left > TimeSpan.Zero)
            {
                Arm(left);
                return;
            }

            _actions.PingTimedOut(_time.GetElapsedTime(Volatile.Read(ref _lastActivity)));
            return;
        }

        var idleLeft = _pingInterval - _time.GetElapsedTime(Volatile.Read(ref _lastActivity));
        if (idleLeft > TimeSpan.Zero)
        {
            Arm(idleLeft);
            return;
        }

        Volatile.Write(ref _pingSentAt, _time.GetTimestamp());
        _actions.SendPing();
        Arm(_pingTimeout);
    }

    private void Arm(TimeSpan due)
    {
        try
        {
            _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection closed meanwhile: nothing left to time.
        }
    }
}

/// <summary>What a session does when one of its <see cref="IrcTimeouts"/> runs out (on the timer's thread).</summary>
internal interface IIrcTimeoutActions
{
    /// <summary>The client did not complete registration in time: tell it and close.</summary>
    void RegistrationTimedOut();

    /// <summary>The client has been idle for the ping interval: send it a PING.</summary>
    void SendPing();

    /// <summary>The client did not answer the PING in time (idle this long): tell it and close.</summary>
    void PingTimedOut(TimeSpan idle);
}
