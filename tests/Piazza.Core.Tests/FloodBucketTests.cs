using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>The flood allowance on a clock that moves only when the test says so.</summary>
public sealed class FloodBucketTests
{
    // The server's defaults: 5 lines/s after 40 at once; 4,096 bytes/s after 32,768.
    private readonly SteppedClock _clock = new();

    private FloodBucket Defaults() => new(5, 40, 4096, 32 * 1024, _clock);

    [Fact]
    public void A_pasted_twenty_line_block_is_never_delayed()
    {
        var bucket = Defaults();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(TimeSpan.Zero, bucket.Take(81, out var started));
            Assert.False(started);
        }

        Assert.False(bucket.IsThrottled);
    }

    [Fact]
    public void Four_lines_a_second_for_a_minute_are_never_delayed()
    {
        var bucket = Defaults();
        for (var i = 0; i < 4 * 60; i++)
        {
            Assert.Equal(TimeSpan.Zero, bucket.Take(200, out _));
            _clock.Advance(TimeSpan.FromMilliseconds(250));
        }

        Assert.False(bucket.IsThrottled);
    }

    [Fact]
    public void Past_the_line_burst_each_line_waits_one_rate_interval()
    {
        var bucket = Defaults();
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(TimeSpan.Zero, bucket.Take(10, out _));
        }

        // The 41st line is taken, and the sender waits before the next: the debt of one line at 5/s.
        Assert.Equal(TimeSpan.FromMilliseconds(200), bucket.Take(10, out var started));
        Assert.True(started);
        Assert.True(bucket.IsThrottled);

        // Having waited, the next line again costs one interval; the episode is not new.
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(TimeSpan.FromMilliseconds(200), bucket.Take(10, out started));
        Assert.False(started);

        // Sending without waiting piles up debt: the waits grow.
        Assert.Equal(TimeSpan.FromMilliseconds(400), bucket.Take(10, out _));
    }

    [Fact]
    public void Past_the_byte_burst_the_wait_pays_off_the_bytes()
    {
        var bucket = new FloodBucket(100, 100, 1000, 2000, _clock);
        Assert.Equal(TimeSpan.Zero, bucket.Take(2000, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(500), bucket.Take(500, out var started));
        Assert.True(started);
    }

    [Fact]
    public void The_episode_ends_once_both_buckets_are_full_again_and_the_next_one_is_reported_again()
    {
        var bucket = Defaults();
        for (var i = 0; i < 41; i++)
        {
            bucket.Take(10, out _);
        }

        Assert.True(bucket.IsThrottled);

        // 8.2 s refills 41 lines at 5/s: full again.
        _clock.Advance(TimeSpan.FromSeconds(8.2));
        Assert.Equal(TimeSpan.Zero, bucket.Take(10, out var started));
        Assert.False(started);
        Assert.False(bucket.IsThrottled);

        for (var i = 0; i < 39; i++)
        {
            Assert.Equal(TimeSpan.Zero, bucket.Take(10, out _));
        }

        Assert.True(bucket.Take(10, out started) > TimeSpan.Zero);
        Assert.True(started);
    }

    [Fact]
    public void A_partial_refill_keeps_the_episode_going()
    {
        var bucket = Defaults();
        for (var i = 0; i < 41; i++)
        {
            bucket.Take(10, out _);
        }

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.Zero, bucket.Take(10, out var started));
        Assert.False(started);
        Assert.True(bucket.IsThrottled);
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FloodBucket(0, 1, 1, 1, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FloodBucket(1, 0, 1, 1, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FloodBucket(1, 1, 0, 1, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FloodBucket(1, 1, 1, 0, _clock));
    }

    /// <summary>Monotonic timestamps that move only on <see cref="Advance"/>.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
