using System.Globalization;

namespace Piazza.Bench.Measure;

/// <summary>A process's CPU time and memory at one moment.</summary>
/// <param name="CpuSeconds">User plus system CPU time since it started, all threads.</param>
/// <param name="RssKiB">Resident memory now (VmRSS).</param>
/// <param name="PeakRssKiB">The most resident memory so far, or since the peak was reset (VmHWM).</param>
internal readonly record struct ProcessSample(double CpuSeconds, long RssKiB, long PeakRssKiB);

/// <summary>
/// Reads a process's CPU and memory from /proc (Linux): /proc/PID/stat fields 14 and 15
/// (utime, stime) and /proc/PID/status (VmRSS, VmHWM). Works for any server, whatever its language.
/// </summary>
internal sealed class ProcessProbe(int pid)
{
    /// <summary>/proc counts CPU time in USER_HZ ticks, which the kernel ABI fixes at 100 per second.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>The process watched.</summary>
    public int Pid { get; } = pid;

    /// <summary>A probe of this process (the bench itself).</summary>
    public static ProcessProbe Self() => new(Environment.ProcessId);

    /// <summary>Whether the process is there to be read.</summary>
    public bool Exists => File.Exists($"/proc/{Pid}/stat");

    /// <summary>Reads the process now.</summary>
    public ProcessSample Sample()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
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

        return new ProcessSample(ticks / TicksPerSecond, rss, peak);
    }

    /// <summary>
    /// Resets the peak resident memory to the current one (writes 5 to /proc/PID/clear_refs), so
    /// a scenario's peak is its own; false when not allowed.
    /// </summary>
    public bool TryResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{Pid}/clear_refs", "5");
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
