using System.Globalization;

namespace Piazza.Bench.Measure;

/// <summary>A process's CPU time and memory at one moment (or several processes', summed).</summary>
/// <param name="CpuSeconds">User plus system CPU time since it started, all threads.</param>
/// <param name="RssKiB">Resident memory now (VmRSS).</param>
/// <param name="PeakRssKiB">The most resident memory so far, or since the peak was reset (VmHWM).</param>
internal readonly record struct ProcessSample(double CpuSeconds, long RssKiB, long PeakRssKiB);

/// <summary>
/// Reads a process's CPU and memory from /proc (Linux): /proc/PID/stat fields 14 and 15
/// (utime, stime) and /proc/PID/status (VmRSS, VmHWM). Works for any server, whatever its language.
/// Given several processes (the nodes of a cluster), it reads them all and adds them up, so the
/// figures are the cluster's total.
/// </summary>
internal sealed class ProcessProbe
{
    /// <summary>/proc counts CPU time in USER_HZ ticks, which the kernel ABI fixes at 100 per second.</summary>
    private const double TicksPerSecond = 100;

    private readonly int[] _pids;

    /// <param name="pids">The processes watched: one, or several to be summed.</param>
    public ProcessProbe(params IReadOnlyList<int> pids)
    {
        ArgumentOutOfRangeException.ThrowIfZero(pids.Count, nameof(pids));
        _pids = [.. pids];
    }

    /// <summary>The processes watched.</summary>
    public IReadOnlyList<int> Pids => _pids;

    /// <summary>A probe of this process (the bench itself).</summary>
    public static ProcessProbe Self() => new(Environment.ProcessId);

    /// <summary>
    /// Whether every process is there to be read: a sum without one that has gone would look
    /// like a cluster suddenly using less.
    /// </summary>
    public bool Exists => Array.TrueForAll(_pids, pid => File.Exists($"/proc/{pid}/stat"));

    /// <summary>
    /// Reads the processes now: CPU time and resident memory summed. The peak is the sum of each
    /// one's peak, so for several it can exceed what they held together at any one moment (each
    /// may peak at another time).
    /// </summary>
    public ProcessSample Sample()
    {
        long ticks = 0, rss = 0, peak = 0;
        foreach (var pid in _pids)
        {
            var one = Read(pid);
            ticks += one.Ticks;
            rss += one.RssKiB;
            peak += one.PeakRssKiB;
        }

        return new ProcessSample(ticks / TicksPerSecond, rss, peak);
    }

    /// <summary>
    /// Resets the peak resident memory of each process to its current one (writes 5 to
    /// /proc/PID/clear_refs), so a scenario's peak is its own; false when not allowed for one.
    /// </summary>
    public bool TryResetPeak()
    {
        var all = true;
        foreach (var pid in _pids)
        {
            all &= TryResetPeak(pid);
        }

        return all;
    }

    private static (long Ticks, long RssKiB, long PeakRssKiB) Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = KiB(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = KiB(line);
            }
        }

        return (ticks, rss, peak);
    }

    private static bool TryResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long KiB(string line)
    {
        // "VmRSS:	   12345 kB"
        var value = line[(line.IndexOf(':') + 1)..].Trim();
        var space = value.IndexOf(' ');
        return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
    }
}
