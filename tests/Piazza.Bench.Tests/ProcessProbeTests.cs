using System.Diagnostics;

using Piazza.Bench.Measure;

namespace Piazza.Bench.Tests;

/// <summary>The probe of a server's CPU and memory, over one process or the sum of several (a cluster's nodes).</summary>
public sealed class ProcessProbeTests : IDisposable
{
    private readonly Process _first = Sleeper();
    private readonly Process _second = Sleeper();

    [Fact]
    public void A_probe_of_several_processes_adds_up_each_ones_figures()
    {
        var first = new ProcessProbe(_first.Id);
        var second = new ProcessProbe(_second.Id);
        var both = new ProcessProbe(_first.Id, _second.Id);

        // A process just started may still be settling: compare only readings that did not move meanwhile.
        for (var attempt = 0; ; attempt++)
        {
            var (a, b) = (first.Sample(), second.Sample());
            var sum = both.Sample();
            if ((a, b) != (first.Sample(), second.Sample()))
            {
                Assert.True(attempt < 50, "the processes never kept still");
                Thread.Sleep(20);
                continue;
            }

            Assert.Equal(a.CpuSeconds + b.CpuSeconds, sum.CpuSeconds, 6);
            Assert.Equal(a.RssKiB + b.RssKiB, sum.RssKiB);
            Assert.Equal(a.PeakRssKiB + b.PeakRssKiB, sum.PeakRssKiB);
            Assert.True(sum.RssKiB > a.RssKiB);
            return;
        }
    }

    [Fact]
    public void The_same_process_twice_counts_its_cpu_twice()
    {
        var self = ProcessProbe.Self();
        var twice = new ProcessProbe(Environment.ProcessId, Environment.ProcessId);

        var before = self.Sample();
        var sum = twice.Sample();
        var after = self.Sample();

        // CPU time only grows, so the double reading lies between two single ones doubled.
        Assert.InRange(sum.CpuSeconds, 2 * before.CpuSeconds, 2 * after.CpuSeconds);
        Assert.Equal([Environment.ProcessId], self.Pids);
    }

    [Fact]
    public void A_probe_is_not_there_once_one_of_its_processes_has_gone()
    {
        var both = new ProcessProbe(_first.Id, _second.Id);
        Assert.True(both.Exists);

        _second.Kill();
        _second.WaitForExit();

        Assert.False(both.Exists);
        Assert.True(new ProcessProbe(_first.Id).Exists);
    }

    [Fact]
    public void A_probe_needs_a_process()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessProbe([]));
    }

    public void Dispose()
    {
        foreach (var process in new[] { _first, _second })
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }

            process.Dispose();
        }
    }

    /// <summary>A child that does nothing for a minute: its CPU and memory stay put.</summary>
    private static Process Sleeper() => Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })
        ?? throw new InvalidOperationException("sleep did not start");
}
