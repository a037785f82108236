using Piazza.Bench.Measure;

namespace Piazza.Bench.Scenarios;

/// <summary>The shape of a traffic run.</summary>
internal sealed record TrafficSettings
{
    /// <summary>Clients in all.</summary>
    public int Clients { get; init; } = 100;

    /// <summary>Members per room (fanout: all of them in one).</summary>
    public int RoomSize { get; init; } = 100;

    /// <summary>Senders per room.</summary>
    public int SendersPerRoom { get; init; } = 10;

    /// <summary>Messages per second offered, all senders together.</summary>
    public double Rate { get; init; } = 1000;

    /// <summary>How long the senders send, once everyone has joined.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Unmeasured sending at the same rate first, so JIT and buffers warm up on both sides.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The most time to wait afterwards for deliveries still on their way.</summary>
    public TimeSpan DrainLimit { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// fanout (one room, C clients, S senders) and rooms (many small rooms): connect everyone,
/// send at the offered rate for the duration, count what arrived and what it cost.
/// </summary>
internal static class TrafficScenario
{
    public static async Task<BenchResult> RunAsync(string scenario, Target target, TrafficSettings settings, CancellationToken cancel)
    {
        var result = new BenchResult(scenario, target);
        var topology = new Topology(settings.Clients, settings.RoomSize, settings.SendersPerRoom, target.RunTag);
        result.Add("clients", topology.Clients)
            .Add("rooms", topology.Rooms)
            .Add("room_size", topology.RoomSize)
            .Add("senders", topology.Rooms * topology.SendersPerRoom)
            .Add("duration_s", settings.Duration.TotalSeconds)
            .Add("warmup_s", settings.Warmup.TotalSeconds)
            .Add("payload_bytes", target.PayloadBytes);
        if (topology.Rooms > 1 && !target.Protocol.SupportsRooms)
        {
            return result.Fail($"the {target.Protocol.Name} protocol has one room for everyone; rooms can't be measured");
        }

        var warmup = settings.Warmup > TimeSpan.Zero;
        var fleet = await Fleet.ConnectAsync(target, topology, phases: warmup ? 2 : 1, cancel);
        await using (fleet)
        {
            AddConnect(result, fleet.ConnectStats!);
            result.Add("connect_retries", fleet.ConnectRetries);
            if (fleet.Connected < topology.Clients)
            {
                return result.Fail($"only {fleet.Connected} of {topology.Clients} clients connected: {fleet.ConnectStats!.FirstError ?? "time limit"}");
            }

            if (target.Protocol.NeedsProbe && !await fleet.ProbeAsync(TimeSpan.FromSeconds(30), cancel))
            {
                return result.Fail("not every client heard the probe within 30 s");
            }

            if (warmup)
            {
                var warm = await TrafficRunner.RunPhaseAsync(fleet, 0, settings.Rate, settings.Warmup, settings.DrainLimit, cancel);
                result.Add("warmup_lost", warm.Lost);
            }

            var figures = await TrafficRunner.RunPhaseAsync(fleet, warmup ? 1 : 0, settings.Rate, settings.Duration, settings.DrainLimit, cancel);
            figures.AddTo(result);
            if (figures.UnexpectedCloses > 0)
            {
                result.Fail($"{figures.UnexpectedCloses} connections were closed by the server: {fleet.FirstCloseReason}");
            }
        }

        return result;
    }

    /// <summary>Adds how connecting went.</summary>
    internal static void AddConnect(BenchResult result, ConnectStats stats)
    {
        result.Add("connected", stats.Succeeded)
            .Add("connect_failures", stats.Failed)
            .Add("connect_s", Math.Round(stats.Elapsed.TotalSeconds, 3))
            .Add("connects_per_s", Math.Round(stats.PerSecond, 1));
        if (stats.FirstError is not null)
        {
            result.Add("connect_first_error", stats.FirstError);
        }
    }
}
