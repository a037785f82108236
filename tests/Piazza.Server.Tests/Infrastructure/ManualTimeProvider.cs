namespace Piazza.Server.Tests.Infrastructure;

/// <summary>
/// A clock that moves only when told: <see cref="TimeProvider.GetUtcNow"/> and the timestamps
/// follow <see cref="Advance"/>. Timers are the system's (nothing here needs a fake one).
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
