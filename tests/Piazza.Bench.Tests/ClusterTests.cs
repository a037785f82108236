using Piazza.Bench.Protocols;
using Piazza.Bench.Scenarios;

namespace Piazza.Bench.Tests;

/// <summary>
/// Scenarios against a target of several nodes: a seed-like relay on two ports that share their
/// clients, as a cluster's nodes share their rooms. Clients must land on both, round-robin.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterTests : IAsyncDisposable
{
    private readonly LineRelay _relay = new(ports: 2);

    [Fact]
    public async Task Fanout_spreads_a_rooms_members_over_the_nodes_and_counts_every_delivery()
    {
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var settings = new TrafficSettings { Clients = 6, RoomSize = 6, SendersPerRoom = 2, Rate = 40, Duration = TimeSpan.FromSeconds(1), Warmup = TimeSpan.Zero };

        var result = await TrafficScenario.RunAsync("fanout", Target(), settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        ScenarioTests.AssertAllDelivered(result, audience: 5);
        Assert.Equal(3, _relay.Accepted(0));
        Assert.Equal(3, _relay.Accepted(1));
        Assert.Equal(string.Join(',', _relay.EndPoints), result.Get("endpoint"));
    }

    [Fact]
    public async Task Conns_spreads_its_clients_over_the_nodes_and_measures_every_pid()
    {
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var settings = new ConnsSettings { Clients = 10, Hold = TimeSpan.FromSeconds(0.2), Settle = TimeSpan.FromSeconds(0.1), Later = TimeSpan.Zero };
        // The relay runs in this process: "two nodes" of it are this PID twice.
        var target = Target() with { ServerPid = Environment.ProcessId, MoreServerPids = [Environment.ProcessId] };

        var result = await ConnsScenario.RunAsync(target, settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        Assert.True(result.Succeeded, result.Get("error") as string);
        Assert.Equal(10.0, result.Number("connected"));
        Assert.Equal(5, _relay.Accepted(0));
        Assert.Equal(5, _relay.Accepted(1));
        Assert.True(result.Number("server_rss_with_clients_kib") > OwnRssKiB());
    }

    [Fact]
    public async Task Churn_spreads_its_sessions_over_the_nodes()
    {
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var settings = new ChurnSettings { Concurrency = 2, Sessions = 10, Duration = InProcessPiazza.Timeout };

        var result = await ChurnScenario.RunAsync(Target(), settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        Assert.True(result.Succeeded, result.Get("error") as string);
        Assert.Equal(10.0, result.Number("sessions"));
        Assert.Equal(5, _relay.Accepted(0));
        Assert.Equal(5, _relay.Accepted(1));
    }

    public ValueTask DisposeAsync() => _relay.DisposeAsync();

    /// <summary>This process's resident memory now: one node's worth, so the sum of two is more.</summary>
    private static long OwnRssKiB() => Measure.ProcessProbe.Self().Sample().RssKiB;

    private Target Target() => new()
    {
        Protocol = new LineProtocol(),
        Servers = _relay.EndPoints,
        ServerLabel = "seed-like cluster",
        SourceAddresses = 4,
        ConnectTimeout = InProcessPiazza.Timeout,
        ConnectTimeLimit = InProcessPiazza.Timeout,
    };
}
