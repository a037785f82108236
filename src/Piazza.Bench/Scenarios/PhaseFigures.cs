using Piazza.Bench.Measure;

namespace Piazza.Bench.Scenarios;

/// <summary>What one measured phase of traffic gave.</summary>
internal sealed record PhaseFigures
{
    public required int Phase { get; init; }

    /// <summary>Messages per second offered, all senders together.</summary>
    public required double OfferedRate { get; init; }

    public required long Sent { get; init; }

    public required long Expected { get; init; }

    /// <summary>Deliveries received (each counted once).</summary>
    public required long Delivered { get; init; }

    public required long Duplicates { get; init; }

    public required long OutOfOrder { get; init; }

    public required long Foreign { get; init; }

    public required long Malformed { get; init; }

    public required int UnexpectedCloses { get; init; }

    /// <summary>Seconds the senders sent for.</summary>
    public required double SendSeconds { get; init; }

    /// <summary>Seconds from the end of sending until the last delivery arrived (or the drain gave up).</summary>
    public required double DrainSeconds { get; init; }

    /// <summary>Deliveries per second: received, over the time from the first send to the last arrival.</summary>
    public required double DeliveriesPerSecond { get; init; }

    public required Histogram Latency { get; init; }

    /// <summary>How late the bench sent each message after it was due (part of <see cref="Latency"/>).</summary>
    public required Histogram SendLag { get; init; }

    public required CpuUse Cpu { get; init; }

    /// <summary>Deliveries due but never received.</summary>
    public long Lost => Math.Max(0, Expected - Delivered);

    /// <summary>Lost as a share of expected.</summary>
    public double LossRatio => Expected > 0 ? (double)Lost / Expected : 0;

    /// <summary>Server CPU-seconds per million deliveries (null without a PID or deliveries).</summary>
    public double? ServerCpuPerMillion => Cpu.ServerCpuSeconds is { } cpu && Delivered > 0 ? cpu / (Delivered / 1e6) : null;

    /// <summary>Bench CPU-seconds per million deliveries.</summary>
    public double? BenchCpuPerMillion => Delivered > 0 ? Cpu.BenchCpuSeconds / (Delivered / 1e6) : null;

    /// <summary>Adds these figures to a result, each key prefixed with <paramref name="prefix"/>.</summary>
    public void AddTo(BenchResult result, string prefix = "")
    {
        result.Add(prefix + "rate_offered", Math.Round(OfferedRate, 1));
        result.Add(prefix + "sent", Sent);
        result.Add(prefix + "sent_per_s", Math.Round(SendSeconds > 0 ? Sent / SendSeconds : 0, 1));
        result.Add(prefix + "deliveries_expected", Expected);
        result.Add(prefix + "deliveries", Delivered);
        result.Add(prefix + "lost", Lost);
        result.Add(prefix + "loss_ratio", Math.Round(LossRatio, 6));
        result.Add(prefix + "duplicates", Duplicates);
        result.Add(prefix + "out_of_order", OutOfOrder);
        result.Add(prefix + "foreign", Foreign);
        result.Add(prefix + "malformed", Malformed);
        result.Add(prefix + "unexpected_closes", UnexpectedCloses);
        result.Add(prefix + "deliveries_per_s", Math.Round(DeliveriesPerSecond, 1));
        result.Add(prefix + "drain_s", Math.Round(DrainSeconds, 3));
        result.Add(prefix + "latency_p50_ms", Millis(Latency.Percentile(50)));
        result.Add(prefix + "latency_p90_ms", Millis(Latency.Percentile(90)));
        result.Add(prefix + "latency_p99_ms", Millis(Latency.Percentile(99)));
        result.Add(prefix + "latency_p999_ms", Millis(Latency.Percentile(99.9)));
        result.Add(prefix + "latency_max_ms", Millis(Latency.Max));
        result.Add(prefix + "latency_mean_ms", Math.Round(Latency.Mean / 1000, 3));
        result.Add(prefix + "send_lag_p50_ms", Millis(SendLag.Percentile(50)));
        result.Add(prefix + "send_lag_p99_ms", Millis(SendLag.Percentile(99)));
        result.Add(prefix + "send_lag_max_ms", Millis(SendLag.Max));
        result.Add(prefix + "bench_gc_count", GC.CollectionCount(0));
        result.AddCpu(Cpu, prefix);
        result.Add(prefix + "server_cpu_s_per_m_deliveries", BenchResult.Round(ServerCpuPerMillion, 4));
        result.Add(prefix + "bench_cpu_s_per_m_deliveries", BenchResult.Round(BenchCpuPerMillion, 4));
    }

    /// <summary>The few figures a saturation step needs.</summary>
    public void AddBriefTo(BenchResult result, string prefix)
    {
        result.Add(prefix + "rate_offered", Math.Round(OfferedRate, 1));
        result.Add(prefix + "deliveries_per_s", Math.Round(DeliveriesPerSecond, 1));
        result.Add(prefix + "loss_ratio", Math.Round(LossRatio, 6));
        result.Add(prefix + "duplicates", Duplicates);
        result.Add(prefix + "out_of_order", OutOfOrder);
        result.Add(prefix + "unexpected_closes", UnexpectedCloses);
        result.Add(prefix + "latency_p99_ms", Millis(Latency.Percentile(99)));
        result.Add(prefix + "server_cpu_s_per_m_deliveries", BenchResult.Round(ServerCpuPerMillion, 4));
        result.Add(prefix + "server_cores", BenchResult.Round(Cpu.ServerCores, 3));
        result.Add(prefix + "bench_cores", Math.Round(Cpu.BenchCores, 3));
    }

    private static double Millis(long micros) => Math.Round(micros / 1000.0, 3);
}
