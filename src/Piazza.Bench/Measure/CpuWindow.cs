namespace Piazza.Bench.Measure;

/// <summary>CPU and memory of the server (when its PID is known) and of the bench over one window.</summary>
internal sealed class CpuWindow
{
    private readonly ProcessProbe? _server;
    private readonly ProcessProbe _bench = ProcessProbe.Self();
    private readonly ProcessSample _serverStart;
    private readonly ProcessSample _benchStart;
    private readonly DateTime _started = DateTime.UtcNow;

    private CpuWindow(ProcessProbe? server)
    {
        _server = server;
        _serverStart = server?.Sample() ?? default;
        _benchStart = _bench.Sample();
    }

    /// <summary>Starts a window; <paramref name="resetPeak"/> makes the server's peak RSS this window's own.</summary>
    public static CpuWindow Start(ProcessProbe? server, bool resetPeak = true)
    {
        if (resetPeak)
        {
            server?.TryResetPeak();
        }

        return new CpuWindow(server);
    }

    /// <summary>Ends the window and says what it cost.</summary>
    public CpuUse Stop()
    {
        var seconds = (DateTime.UtcNow - _started).TotalSeconds;
        var bench = _bench.Sample();
        ProcessSample? server = _server is { Exists: true } ? _server.Sample() : null;
        return new CpuUse(
            seconds,
            server is { } s ? s.CpuSeconds - _serverStart.CpuSeconds : null,
            server?.RssKiB,
            server?.PeakRssKiB,
            bench.CpuSeconds - _benchStart.CpuSeconds);
    }
}

/// <summary>What a window cost.</summary>
/// <param name="Seconds">How long it lasted (wall clock).</param>
/// <param name="ServerCpuSeconds">The server's CPU time in it (null without a PID).</param>
/// <param name="ServerRssKiB">The server's resident memory at its end.</param>
/// <param name="ServerPeakRssKiB">The server's peak resident memory in it (since the start of the window when resettable).</param>
/// <param name="BenchCpuSeconds">The bench's own CPU time in it.</param>
internal sealed record CpuUse(double Seconds, double? ServerCpuSeconds, long? ServerRssKiB, long? ServerPeakRssKiB, double BenchCpuSeconds)
{
    /// <summary>The bench's CPU as a share of one core (1.0 = one core busy).</summary>
    public double BenchCores => Seconds > 0 ? BenchCpuSeconds / Seconds : 0;

    /// <summary>The server's CPU as a share of one core.</summary>
    public double? ServerCores => Seconds > 0 ? ServerCpuSeconds / Seconds : null;
}
