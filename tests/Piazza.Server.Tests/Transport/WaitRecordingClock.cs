using System.Threading.Channels;

using Piazza.Server.Tests.Infrastructure;

namespace Piazza.Server.Tests.Transport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells every wait started on it (a timer's due time,
/// <c>Task.Delay</c>'s included) on <see cref="Waits"/>: a test reads the wait the code under test
/// chose, checks it, and moves the clock by it; nothing sleeps.
/// </summary>
internal sealed class WaitRecordingClock : TimeProvider
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Clock { get; } = new();

    /// <summary>The due time of each timer made, in order.</summary>
    public ChannelReader<TimeSpan> Waits => _waits.Reader;

    public override long TimestampFrequency => Clock.TimestampFrequency;

    public override long GetTimestamp() => Clock.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => Clock.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Clock.CreateTimer(callback, state, dueTime, period);
        _waits.Writer.TryWrite(dueTime);
        return timer;
    }
}
