namespace Piazza.Bench.Measure;

/// <summary>
/// Latency histograms, one set per thread so that recording takes no lock and shares no cache
/// line, merged when someone asks. Each set has one histogram per phase (a saturation step, or
/// the one measured window), so late deliveries of one step never count in the next.
/// </summary>
internal sealed class LatencyRecorder : IDisposable
{
    private readonly ThreadLocal<Histogram[]> _perThread;
    private readonly int _phases;

    /// <param name="phases">How many phases there are; a phase is 0 ≤ p &lt; phases.</param>
    public LatencyRecorder(int phases)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(phases, 1);
        _phases = phases;
        _perThread = new ThreadLocal<Histogram[]>(NewSet, trackAllValues: true);
    }

    /// <summary>How many phases there are.</summary>
    public int Phases => _phases;

    /// <summary>
    /// This thread's histograms, indexed by phase. Fetch once per batch of lines and record into
    /// them before the next await: after an await the code may run on another thread.
    /// </summary>
    public Histogram[] ForThisThread() => _perThread.Value!;

    /// <summary>Everything recorded in <paramref name="phase"/> so far, from every thread.</summary>
    public Histogram Merge(int phase)
    {
        var merged = new Histogram();
        foreach (var set in _perThread.Values)
        {
            merged.Add(set[phase]);
        }

        return merged;
    }

    public void Dispose() => _perThread.Dispose();

    private Histogram[] NewSet()
    {
        var set = new Histogram[_phases];
        for (var i = 0; i < set.Length; i++)
        {
            set[i] = new Histogram();
        }

        return set;
    }
}
