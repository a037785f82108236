using Piazza.Core;

namespace Piazza.Server.Flood;

/// <summary>
/// One connection's flood control, used by its read loop only (and <see cref="Release"/> by
/// whoever ends the session): the <see cref="FloodBucket"/> that says how long to wait after a
/// line, the wait itself (on the injected clock, never blocking a thread), and the hard bound.
/// </summary>
internal sealed class FloodGate(FloodOptions options, TimeProvider time)
{
    private readonly FloodBucket _bucket = new(options.LinesPerSecond, options.LineBurst, options.BytesPerSecond, options.ByteBurst, time);
    private TaskCompletionSource? _waiter;
    private int _released;

    /// <summary>True while the client's lines are being delayed (one episode, see <see cref="FloodBucket.IsThrottled"/>).</summary>
    public bool IsThrottled => _bucket.IsThrottled;

    /// <summary>The settings in force.</summary>
    public FloodOptions Options => options;

    /// <summary>Counts a line of <paramref name="bytes"/> bytes; returns how long to wait before reading the next.</summary>
    public TimeSpan Take(int bytes, out bool startedThrottling) => _bucket.Take(bytes, out startedThrottling);

    /// <summary>
    /// True when the client must be cut: its lines are being delayed, and still more than
    /// <see cref="FloodOptions.MaxPendingBytes"/> of its input waits unread. A client that only
    /// bursts, or keeps to the rate, never gets here; one that sends as fast as it can does at once.
    /// </summary>
    public bool IsFlooding(long unreadBytes) => _bucket.IsThrottled && unreadBytes > options.MaxPendingBytes;

    /// <summary>Waits <paramref name="delay"/> on the clock, or until <see cref="Release"/>.</summary>
    public async ValueTask WaitAsync(TimeSpan delay)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _waiter, waiter);

        // Checked once the waiter is visible: a release in between has either been seen here or
        // will complete this waiter.
        if (Volatile.Read(ref _released) != 0)
        {
            return;
        }

        using var timer = time.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), waiter, delay, Timeout.InfiniteTimeSpan);
        await waiter.Task;
        Interlocked.CompareExchange(ref _waiter, null, waiter);
    }

    /// <summary>The session is ending: a wait in progress ends now, and later ones at once.</summary>
    public void Release()
    {
        Interlocked.Exchange(ref _released, 1);
        Interlocked.Exchange(ref _waiter, null)?.TrySetResult();
    }
}
