using Piazza.Bench.Measure;

namespace Piazza.Bench.Tests;

public class HistogramTests
{
    [Fact]
    public void Empty_histogram_reports_zero()
    {
        var histogram = new Histogram();

        Assert.Equal(0, histogram.Count);
        Assert.Equal(0, histogram.Percentile(99));
        Assert.Equal(0, histogram.Mean);
    }

    [Fact]
    public void Small_values_are_exact()
    {
        var histogram = new Histogram();
        for (var v = 1; v <= 100; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(50, histogram.Percentile(50));
        Assert.Equal(99, histogram.Percentile(99));
        Assert.Equal(100, histogram.Percentile(100));
        Assert.Equal(1, histogram.Percentile(0));
        Assert.Equal(50.5, histogram.Mean);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(90)]
    [InlineData(99)]
    [InlineData(99.9)]
    public void Large_values_are_within_the_bucket_precision(double percent)
    {
        var histogram = new Histogram();
        for (var v = 1; v <= 1_000_000; v++)
        {
            histogram.Record(v);
        }

        var exact = Math.Ceiling(percent / 100 * 1_000_000);
        var reported = histogram.Percentile(percent);
        Assert.InRange(reported, exact, exact * (1 + (1.0 / 64)));
    }

    [Fact]
    public void Percentile_never_passes_the_exact_max()
    {
        var histogram = new Histogram();
        histogram.Record(1_000_001);

        Assert.Equal(1_000_001, histogram.Max);
        Assert.Equal(1_000_001, histogram.Percentile(100));
    }

    [Fact]
    public void Every_bucket_holds_the_values_that_index_into_it()
    {
        for (var index = 0; index < Histogram.BucketCount - 1; index++)
        {
            var highest = Histogram.HighestEquivalent(index);
            Assert.Equal(index, Histogram.IndexOf(highest));
            Assert.Equal(index + 1, Histogram.IndexOf(highest + 1));
        }
    }

    [Fact]
    public void Negative_and_huge_values_are_clamped()
    {
        var histogram = new Histogram();
        histogram.Record(-5);
        histogram.Record(long.MaxValue);

        Assert.Equal(2, histogram.Count);
        Assert.Equal(0, histogram.Percentile(50));
        Assert.True(histogram.Percentile(100) > 4_000_000_000);
    }

    [Fact]
    public void Add_merges_counts_and_max()
    {
        var a = new Histogram();
        var b = new Histogram();
        a.Record(10);
        b.Record(20);
        b.Record(30);

        a.Add(b);

        Assert.Equal(3, a.Count);
        Assert.Equal(30, a.Max);
        Assert.Equal(20, a.Percentile(50));
    }

    [Fact]
    public void Since_gives_what_was_recorded_after_a_snapshot()
    {
        var live = new Histogram();
        live.Record(5);
        var snapshot = new Histogram();
        snapshot.Add(live);
        live.Record(1000);
        live.Record(2000);

        var interval = live.Since(snapshot);

        Assert.Equal(2, interval.Count);
        Assert.InRange(interval.Percentile(1), 1000, 1016);
        Assert.InRange(interval.Max, 2000, 2000);
    }

    [Fact]
    public void Recorder_merges_what_each_thread_recorded()
    {
        using var recorder = new LatencyRecorder(phases: 2);
        var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
        {
            var mine = recorder.ForThisThread();
            for (var v = 0; v < 1000; v++)
            {
                mine[1].Record(v);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(4000, recorder.Merge(1).Count);
        Assert.Equal(0, recorder.Merge(0).Count);
    }
}
