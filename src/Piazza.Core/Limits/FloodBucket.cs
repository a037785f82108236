namespace Piazza.Core;

/// <summary>
/// One connection's flood allowance: two token buckets, one counting lines and one counting bytes,
/// each refilled at its rate up to its burst. A line is always taken (the buckets may go into
/// debt); what the caller gets back is how long the sender must wait before its next line, so the
/// debt is paid off in time. Within its rates and bursts a sender never waits; past them its
/// lines are spaced at its rate, as Ergo's fakelag and InspIRCd's penalty delay commands.
/// </summary>
/// <remarks>
/// Pure and single-threaded: one connection's read loop owns it. Time comes from the
/// <see cref="TimeProvider"/> (its monotonic timestamps), so tests drive it with a fake clock.
/// </remarks>
public sealed class FloodBucket
{
    private readonly TimeProvider _time;
    private readonly double _linesPerSecond;
    private readonly double _lineBurst;
    private readonly double _bytesPerSecond;
    private readonly double _byteBurst;
    private double _lines;
    private double _bytes;
    private long _updatedAt;

    /// <param name="linesPerSecond">Lines refilled per second.</param>
    /// <param name="lineBurst">The most lines taken at once without waiting (the bucket's size).</param>
    /// <param name="bytesPerSecond">Bytes refilled per second.</param>
    /// <param name="byteBurst">The most bytes taken at once without waiting.</param>
    /// <param name="time">The clock.</param>
    public FloodBucket(int linesPerSecond, int lineBurst, int bytesPerSecond, int byteBurst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(linesPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lineBurst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(byteBurst, 1);
        ArgumentNullException.ThrowIfNull(time);
        _linesPerSecond = linesPerSecond;
        _lineBurst = _lines = lineBurst;
        _bytesPerSecond = bytesPerSecond;
        _byteBurst = _bytes = byteBurst;
        _time = time;
        _updatedAt = time.GetTimestamp();
    }

    /// <summary>
    /// True from the first line that had to wait until both buckets are full again: one
    /// throttling episode, however many lines it delays.
    /// </summary>
    public bool IsThrottled { get; private set; }

    /// <summary>
    /// Takes one line of <paramref name="bytes"/> bytes. Returns how long the sender must wait
    /// before its next line: zero within its rates and bursts. <paramref name="startedThrottling"/>
    /// is true for the line that begins a throttling episode (once per episode, for the log).
    /// </summary>
    public TimeSpan Take(int bytes, out bool startedThrottling)
    {
        Refill();
        if (IsThrottled && _lines >= _lineBurst && _bytes >= _byteBurst)
        {
            // Full again: the episode is over.
            IsThrottled = false;
        }

        _lines -= 1;
        _bytes -= Math.Max(0, bytes);
        var seconds = Math.Max(Math.Max(-_lines / _linesPerSecond, -_bytes / _bytesPerSecond), 0);
        startedThrottling = seconds > 0 && !IsThrottled;
        if (seconds > 0)
        {
            IsThrottled = true;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_updatedAt, now).TotalSeconds;
        _updatedAt = now;
        if (elapsed <= 0)
        {
            return;
        }

        _lines = Math.Min(_lineBurst, _lines + (elapsed * _linesPerSecond));
        _bytes = Math.Min(_byteBurst, _bytes + (elapsed * _bytesPerSecond));
    }
}
