using System.Numerics;

namespace Piazza.Bench.Measure;

/// <summary>
/// Latency counts in HdrHistogram's log-linear buckets: exact below 128 µs, then 64 buckets per
/// power of two, so any value is known to within 1/64 (1.6 %) — enough for p99.9 and cheap to
/// record (one index computation and one increment, no allocation).
/// </summary>
/// <remarks>
/// One writer at a time (a thread's own instance, see <see cref="LatencyRecorder"/>); readers
/// that run while it records see a moment's view, which is all a progress line needs.
/// </remarks>
internal sealed class Histogram
{
    /// <summary>Values below this are counted exactly, one bucket each.</summary>
    private const int LinearBuckets = 128;

    /// <summary>Buckets per power of two above <see cref="LinearBuckets"/>.</summary>
    private const int SubBuckets = 64;

    /// <summary>log2 of <see cref="LinearBuckets"/>: the first magnitude that is not linear.</summary>
    private const int FirstMagnitude = 7;

    /// <summary>Values are clamped below 2^32 µs (71 minutes): nothing here waits that long.</summary>
    private const int LastMagnitude = 31;

    /// <summary>How many buckets there are.</summary>
    public const int BucketCount = LinearBuckets + ((LastMagnitude - FirstMagnitude + 1) * SubBuckets);

    private const long MaxValue = (1L << (LastMagnitude + 1)) - 1;

    private readonly long[] _counts = new long[BucketCount];

    /// <summary>How many values were recorded.</summary>
    public long Count { get; private set; }

    /// <summary>The largest value recorded (exact).</summary>
    public long Max { get; private set; }

    /// <summary>The sum of the values recorded, for the mean.</summary>
    public long Sum { get; private set; }

    /// <summary>The mean, or 0 when empty.</summary>
    public double Mean => Count == 0 ? 0 : (double)Sum / Count;

    /// <summary>Counts one value (microseconds; negatives count as 0).</summary>
    public void Record(long value)
    {
        value = Math.Clamp(value, 0, MaxValue);
        _counts[IndexOf(value)]++;
        Count++;
        Sum += value;
        if (value > Max)
        {
            Max = value;
        }
    }

    /// <summary>
    /// The value at or below which <paramref name="percent"/> % of the values lie, as the highest
    /// value of its bucket (never above <see cref="Max"/>); 0 when empty.
    /// </summary>
    public long Percentile(double percent)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(Math.Clamp(percent, 0, 100) / 100 * Count);
        rank = Math.Max(rank, 1);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(HighestEquivalent(i), Max);
            }
        }

        return Max;
    }

    /// <summary>Adds every count of <paramref name="other"/> to this one.</summary>
    public void Add(Histogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Sum += other.Sum;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>
    /// What was recorded since <paramref name="earlier"/> (a copy of this histogram taken before).
    /// The max of the difference is the top of its highest bucket, since the exact one is unknown.
    /// </summary>
    public Histogram Since(Histogram earlier)
    {
        var diff = new Histogram();
        var top = -1;
        for (var i = 0; i < _counts.Length; i++)
        {
            var count = Math.Max(0, _counts[i] - earlier._counts[i]);
            diff._counts[i] = count;
            diff.Count += count;
            if (count > 0)
            {
                top = i;
            }
        }

        diff.Sum = Math.Max(0, Sum - earlier.Sum);
        diff.Max = top < 0 ? 0 : Math.Min(HighestEquivalent(top), Max);
        return diff;
    }

    /// <summary>The bucket that holds <paramref name="value"/> (0 ≤ value ≤ 2^32 − 1).</summary>
    internal static int IndexOf(long value)
    {
        if (value < LinearBuckets)
        {
            return (int)value;
        }

        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = magnitude - 6;
        return LinearBuckets + ((magnitude - FirstMagnitude) * SubBuckets) + (int)((value >> shift) - SubBuckets);
    }

    /// <summary>The highest value that falls in bucket <paramref name="index"/>.</summary>
    internal static long HighestEquivalent(int index)
    {
        if (index < LinearBuckets)
        {
            return index;
        }

        var magnitude = ((index - LinearBuckets) / SubBuckets) + FirstMagnitude;
        var sub = (index - LinearBuckets) % SubBuckets;
        var shift = magnitude - 6;
        return ((SubBuckets + sub + 1L) << shift) - 1;
    }
}
