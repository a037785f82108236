namespace Piazza.Server.Tests.Infrastructure;

/// <summary>
/// A clock that moves only when told, timers included: a timer made from it fires when
/// <see cref="Advance"/> passes its due time, on the thread that advances, with the clock at
/// that due time, in order of due time. Time compressed: a minute of a client's life takes as
/// long as the test's own work. The server tests' one fake clock: it replaces the server's
/// <see cref="TimeProvider"/> to test timeouts, flood pacing and per-IP windows against their
/// settings without waiting.
/// </summary>
/// <remarks>
/// Not Microsoft.Extensions.TimeProvider.Testing's FakeTimeProvider (which the feed serves):
/// that one cannot say how many timers wait (<see cref="PendingTimers"/>) or when the next is
/// due, which <see cref="PumpAsync"/> needs to run a clock alongside a client that waits.
/// </remarks>
internal sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private long _ticks;
    private TaskCompletionSource _scheduled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A clock that starts at the real time now.</summary>
    public FakeTimeProvider()
        : this(DateTimeOffset.UtcNow)
    {
    }

    /// <summary>A clock that starts at <paramref name="start"/> (its timestamps are its ticks, so never 0, which code may read as "never").</summary>
    public FakeTimeProvider(DateTimeOffset start) => _ticks = start.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    /// <summary>How many timers wait now (a session paused by flood control holds one).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward and fires every timer that comes due, in due order.</summary>
    public void Advance(TimeSpan by)
    {
        var target = Interlocked.Read(ref _ticks) + by.Ticks;
        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    Interlocked.Exchange(ref _ticks, target);
                    return;
                }

                Interlocked.Exchange(ref _ticks, Math.Max(Interlocked.Read(ref _ticks), next.DueAt));
                _timers.Remove(next);
                if (next.Period > 0)
                {
                    next.DueAt += next.Period;
                    _timers.Add(next);
                }
            }

            next.Fire();
        }
    }

    /// <summary>
    /// Until stopped, moves the clock to each timer that comes due within <paramref name="horizon"/>
    /// as soon as it is made: whoever waits on this clock for less than that never waits long.
    /// Timers further off (an hourly job) are left alone.
    /// </summary>
    public async Task PumpAsync(TimeSpan horizon, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var scheduled = Volatile.Read(ref _scheduled).Task;
            long? due;
            lock (_gate)
            {
                var limit = GetTimestamp() + horizon.Ticks;
                due = _timers.Where(t => t.DueAt <= limit).Select(t => (long?)t.DueAt).Min();
            }

            if (due is { } at)
            {
                Advance(TimeSpan.FromTicks(Math.Max(0, at - GetTimestamp())));
                continue;
            }

            await Task.WhenAny(scheduled, Task.Delay(Timeout.Infinite, stop)).ConfigureAwait(false);
        }
    }

    private void Schedule(FakeTimer timer, long dueAt, long period)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            timer.DueAt = dueAt;
            timer.Period = period;
            if (dueAt != long.MaxValue)
            {
                _timers.Add(timer);
            }
        }

        Interlocked.Exchange(ref _scheduled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private sealed class FakeTimer(FakeTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public long DueAt { get; set; } = long.MaxValue;

        public long Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var now = clock.GetTimestamp();
            var dueAt = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : now + Math.Max(0, dueTime.Ticks);
            var every = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
            clock.Schedule(this, dueAt, every);
            if (dueTime == TimeSpan.Zero)
            {
                clock.Advance(TimeSpan.Zero);
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => clock.Schedule(this, long.MaxValue, 0);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
