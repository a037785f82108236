using Piazza.Bench.Scenarios;

namespace Piazza.Bench.Tests;

/// <summary>
/// Each scenario, run briefly against the real server in-process: the figures must add up
/// (everything sent arrives, once, in order). No figure about time is asserted.
/// </summary>
[Trait("Category", "Slow")]
public class ScenarioTests
{
    [Fact]
    public async Task Fanout_delivers_every_message_to_every_other_member_once_and_in_order()
    {
        await using var server = await InProcessPiazza.StartAsync();
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var settings = new TrafficSettings { Clients = 20, RoomSize = 20, SendersPerRoom = 4, Rate = 200, Duration = TimeSpan.FromSeconds(1), Warmup = TimeSpan.FromSeconds(0.3) };

        var result = await TrafficScenario.RunAsync("fanout", server.Target(Environment.ProcessId), settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        AssertAllDelivered(result, audience: 19);
        Assert.Equal(1.0, result.Number("rooms"));
        Assert.Equal(0.0, result.Number("warmup_lost"));
        Assert.NotNull(result.Number("server_cpu_s"));
        Assert.NotNull(result.Number("server_cpu_s_per_m_deliveries"));
    }

    [Fact]
    public async Task A_second_run_on_the_same_server_counts_only_its_own_messages()
    {
        // Piazza replays a room's recent messages to whoever joins it: a run must not see the last one's.
        await using var server = await InProcessPiazza.StartAsync();
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var settings = new TrafficSettings { Clients = 6, RoomSize = 6, SendersPerRoom = 2, Rate = 60, Duration = TimeSpan.FromSeconds(0.5), Warmup = TimeSpan.Zero };

        var first = await TrafficScenario.RunAsync("fanout", server.Target(), settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);
        var second = await TrafficScenario.RunAsync("fanout", server.Target(), settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        AssertAllDelivered(first, audience: 5);
        AssertAllDelivered(second, audience: 5);
    }

    [Fact]
    public async Task Rooms_keep_each_rooms_messages_in_that_room()
    {
        await using var server = await InProcessPiazza.StartAsync();
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var settings = new TrafficSettings { Clients = 30, RoomSize = 5, SendersPerRoom = 1, Rate = 120, Duration = TimeSpan.FromSeconds(1), Warmup = TimeSpan.Zero };

        var result = await TrafficScenario.RunAsync("rooms", server.Target(), settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        AssertAllDelivered(result, audience: 4);
        Assert.Equal(6.0, result.Number("rooms"));
        Assert.Equal(6.0, result.Number("senders"));
    }

    [Fact]
    public async Task Saturate_runs_its_steps_and_names_the_best()
    {
        await using var server = await InProcessPiazza.StartAsync();
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var settings = new SaturateSettings
        {
            Clients = 10,
            Senders = 2,
            StartRate = 100,
            StepFactor = 2,
            MaxSteps = 2,
            StepDuration = TimeSpan.FromSeconds(0.5),
            Warmup = TimeSpan.FromSeconds(0.2),
            MaxP99Milliseconds = 1e9, // no limit: these tests assert no time
            MinGrowth = 0,            // nor growth: a busy machine may not grow
        };

        var result = await SaturateScenario.RunAsync(server.Target(), settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        Assert.True(result.Succeeded, result.Get("error") as string);
        Assert.Equal(2.0, result.Number("steps"));
        Assert.Equal(0.0, result.Number("step0_loss_ratio"));
        Assert.Equal(0.0, result.Number("step1_loss_ratio"));
        Assert.Equal(200.0, result.Number("step1_rate_offered"));
        Assert.True(result.Number("best_deliveries_per_s") > 0);
        Assert.Equal("never (the last step held)", result.Get("broke_because"));
    }

    [Fact]
    public async Task Conns_opens_every_client_and_closes_them_all()
    {
        await using var server = await InProcessPiazza.StartAsync();
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var settings = new ConnsSettings { Clients = 40, Hold = TimeSpan.FromSeconds(0.2), Settle = TimeSpan.FromSeconds(0.1), Later = TimeSpan.FromSeconds(0.3) };

        var result = await ConnsScenario.RunAsync(server.Target(Environment.ProcessId), settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        Assert.True(result.Succeeded, result.Get("error") as string);
        Assert.Equal(40.0, result.Number("connected"));
        Assert.Equal(0.0, result.Number("connect_failures"));
        Assert.Equal(0.0, result.Number("hold_unexpected_closes"));
        Assert.NotNull(result.Number("kib_per_connection"));
        Assert.NotNull(result.Number("server_rss_after_close_kib"));
        Assert.NotNull(result.Number("server_rss_later_kib"));
    }

    [Fact]
    public async Task Churn_completes_every_session_without_error()
    {
        await using var server = await InProcessPiazza.StartAsync();
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var settings = new ChurnSettings { Concurrency = 4, Sessions = 30, Duration = InProcessPiazza.Timeout };

        var result = await ChurnScenario.RunAsync(server.Target(), settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        Assert.True(result.Succeeded, result.Get("error") as string);
        Assert.Equal(30.0, result.Number("sessions"));
        Assert.Equal(0.0, result.Number("errors"));
    }

    [Fact]
    public async Task Churn_warms_up_unmeasured_then_counts_only_the_measured_sessions()
    {
        // However many sessions the warm-up runs, the per-IP limit of new connections must not
        // refuse the measured ones: loopback exempt, as for every load run (compare.sh).
        await using var server = await InProcessPiazza.StartAsync("--Limits:Exempt:0=127.0.0.0/8");
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var settings = new ChurnSettings { Concurrency = 2, Sessions = 10, Duration = InProcessPiazza.Timeout, Warmup = TimeSpan.FromMilliseconds(300) };

        var result = await ChurnScenario.RunAsync(server.Target(), settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        Assert.True(result.Succeeded, result.Get("error") as string);
        Assert.True(result.Number("warmup_sessions") > 0);
        Assert.Equal(0.0, result.Number("warmup_errors"));
        Assert.Equal(10.0, result.Number("sessions"));
        Assert.Equal(0.0, result.Number("errors"));
    }

    /// <summary>Everything sent arrived at each of <paramref name="audience"/> others, once, in order, and nowhere else.</summary>
    internal static void AssertAllDelivered(BenchResult result, int audience)
    {
        Assert.True(result.Succeeded, result.Get("error") as string);
        var sent = result.Number("sent");
        Assert.True(sent > 0);
        Assert.Equal(sent * audience, result.Number("deliveries_expected"));
        Assert.Equal(result.Number("deliveries_expected"), result.Number("deliveries"));
        Assert.Equal(0.0, result.Number("lost"));
        Assert.Equal(0.0, result.Number("duplicates"));
        Assert.Equal(0.0, result.Number("out_of_order"));
        Assert.Equal(0.0, result.Number("foreign"));
        Assert.Equal(0.0, result.Number("malformed"));
        Assert.Equal(0.0, result.Number("unexpected_closes"));
    }
}
