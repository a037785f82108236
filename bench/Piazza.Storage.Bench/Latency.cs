using System.Diagnostics;

namespace Piazza.Storage.Bench;

/// <summary>Median and p99 of one query, in microseconds, timed one call at a time.</summary>
internal readonly record struct Latency(double Median, double P99)
{
    public static async Task<Latency> MeasureAsync<T>(int count, int warmUp, Func<Task<T>> query)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await query();
        }

        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await query();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(samples);
        return new Latency(samples[count / 2], samples[(int)(count * 0.99)]);
    }
}
