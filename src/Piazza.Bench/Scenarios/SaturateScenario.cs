using System.Globalization;

namespace Piazza.Bench.Scenarios;

/// <summary>The shape of a saturation run.</summary>
internal sealed record SaturateSettings
{
    public int Clients { get; init; } = 100;

    public int Senders { get; init; } = 10;

    /// <summary>The first step's offered messages per second.</summary>
    public double StartRate { get; init; } = 2000;

    /// <summary>Each step offers this many times the last.</summary>
    public double StepFactor { get; init; } = 1.5;

    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(4);

    public int MaxSteps { get; init; } = 10;

    /// <summary>A step whose p99 passes this has broken.</summary>
    public double MaxP99Milliseconds { get; init; } = 100;

    /// <summary>A step that loses more than this share has broken.</summary>
    public double MaxLoss { get; init; } = 0.001;

    /// <summary>A step must deliver this much more than the best before it, or deliveries stopped growing.</summary>
    public double MinGrowth { get; init; } = 1.05;

    public TimeSpan DrainLimit { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Unmeasured sending at the first step's rate before the steps (JIT, buffers).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// saturate: one room, the offered rate raised step by step until deliveries stop growing,
/// loss appears or p99 passes its limit; reports the best step that held and the one that broke.
/// </summary>
internal static class SaturateScenario
{
    public static async Task<BenchResult> RunAsync(Target target, SaturateSettings settings, CancellationToken cancel)
    {
        var result = new BenchResult("saturate", target);
        var topology = new Measure.Topology(settings.Clients, settings.Clients, settings.Senders, target.RunTag);
        result.Add("clients", topology.Clients)
            .Add("senders", topology.SendersPerRoom)
            .Add("step_s", settings.StepDuration.TotalSeconds)
            .Add("max_p99_ms", settings.MaxP99Milliseconds)
            .Add("max_loss", settings.MaxLoss)
            .Add("payload_bytes", target.PayloadBytes);

        // Phases 0..MaxSteps-1 are the steps; the last phase is the warm-up.
        var fleet = await Fleet.ConnectAsync(target, topology, settings.MaxSteps + 1, cancel);
        await using (fleet)
        {
            TrafficScenario.AddConnect(result, fleet.ConnectStats!);
            result.Add("connect_retries", fleet.ConnectRetries);
            if (fleet.Connected < topology.Clients)
            {
                return result.Fail($"only {fleet.Connected} of {topology.Clients} clients connected: {fleet.ConnectStats!.FirstError ?? "time limit"}");
            }

            if (target.Protocol.NeedsProbe && !await fleet.ProbeAsync(TimeSpan.FromSeconds(30), cancel))
            {
                return result.Fail("not every client heard the probe within 30 s");
            }

            if (settings.Warmup > TimeSpan.Zero)
            {
                await TrafficRunner.RunPhaseAsync(fleet, settings.MaxSteps, settings.StartRate, settings.Warmup, settings.DrainLimit, cancel);
            }

            PhaseFigures? best = null;
            string? broke = null;
            var rate = settings.StartRate;
            var steps = 0;
            for (var step = 0; step < settings.MaxSteps && broke is null; step++, rate *= settings.StepFactor)
            {
                var figures = await TrafficRunner.RunPhaseAsync(fleet, step, rate, settings.StepDuration, settings.DrainLimit, cancel);
                steps++;
                figures.AddBriefTo(result, $"step{step}_");
                broke = WhyBroken(figures, best, settings);
                if (HeldUp(figures, settings) && (best is null || figures.DeliveriesPerSecond > best.DeliveriesPerSecond))
                {
                    best = figures;
                }

                if (target.Progress is { } progress)
                {
                    await progress.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  step {step}: offered {rate:#,0} msg/s, delivered {figures.DeliveriesPerSecond:#,0}/s, loss {figures.LossRatio:P2}, p99 {figures.Latency.Percentile(99) / 1000.0:0.0} ms{(broke is null ? string.Empty : " — " + broke)}"));
                }
            }

            result.Add("steps", steps);
            result.Add("broke_at_rate", broke is null ? null : Math.Round(rate / settings.StepFactor, 1));
            result.Add("broke_because", broke ?? "never (the last step held)");
            if (best is null)
            {
                return result.Fail("no step held: " + broke);
            }

            result.Add("best_step", best.Phase);
            result.Add("best_rate_offered", Math.Round(best.OfferedRate, 1));
            result.Add("best_deliveries_per_s", Math.Round(best.DeliveriesPerSecond, 1));
            result.Add("best_latency_p99_ms", Math.Round(best.Latency.Percentile(99) / 1000.0, 3));
            result.Add("best_server_cpu_s_per_m_deliveries", BenchResult.Round(best.ServerCpuPerMillion, 4));
            result.Add("best_bench_cores", Math.Round(best.Cpu.BenchCores, 3));
            result.Add("best_server_cores", BenchResult.Round(best.Cpu.ServerCores, 3));
        }

        return result;
    }

    /// <summary>Whether a step kept its promises: no loss past the limit, each message once and in order, p99 within its limit, nobody dropped.</summary>
    private static bool HeldUp(PhaseFigures figures, SaturateSettings settings) =>
        figures.LossRatio <= settings.MaxLoss
        && figures.Duplicates == 0
        && figures.OutOfOrder == 0
        && figures.Latency.Percentile(99) / 1000.0 <= settings.MaxP99Milliseconds
        && figures.UnexpectedCloses == 0;

    /// <summary>Why a step ends the run, or null to go on.</summary>
    private static string? WhyBroken(PhaseFigures figures, PhaseFigures? best, SaturateSettings settings)
    {
        if (figures.UnexpectedCloses > 0)
        {
            return $"{figures.UnexpectedCloses} clients were disconnected";
        }

        if (figures.Duplicates > 0 || figures.OutOfOrder > 0)
        {
            return $"{figures.Duplicates} duplicates and {figures.OutOfOrder} out of order";
        }

        if (figures.LossRatio > settings.MaxLoss)
        {
            return $"loss {figures.LossRatio:P3} passed {settings.MaxLoss:P3}";
        }

        var p99 = figures.Latency.Percentile(99) / 1000.0;
        if (p99 > settings.MaxP99Milliseconds)
        {
            return $"p99 {p99:0.0} ms passed {settings.MaxP99Milliseconds:0} ms";
        }

        if (best is not null && figures.DeliveriesPerSecond < best.DeliveriesPerSecond * settings.MinGrowth)
        {
            return $"deliveries stopped growing ({figures.DeliveriesPerSecond:#,0}/s after {best.DeliveriesPerSecond:#,0}/s)";
        }

        return null;
    }
}
