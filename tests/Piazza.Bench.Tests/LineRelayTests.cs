using Piazza.Bench.Protocols;
using Piazza.Bench.Scenarios;

namespace Piazza.Bench.Tests;

/// <summary>The line protocol against a relay shaped like the seed (see <see cref="LineRelay"/>).</summary>
[Trait("Category", "Slow")]
public sealed class LineRelayTests : IAsyncDisposable
{
    private readonly LineRelay _relay = new();

    [Fact]
    public async Task Fanout_over_a_seed_like_relay_probes_then_counts_every_delivery()
    {
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var target = new Target
        {
            Protocol = new LineProtocol(),
            Servers = _relay.EndPoints,
            ServerLabel = "seed-like",
            ConnectTimeout = InProcessPiazza.Timeout,
            ConnectTimeLimit = InProcessPiazza.Timeout,
        };
        var settings = new TrafficSettings { Clients = 6, RoomSize = 6, SendersPerRoom = 2, Rate = 40, Duration = TimeSpan.FromSeconds(1), Warmup = TimeSpan.Zero };

        var result = await TrafficScenario.RunAsync("fanout", target, settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        ScenarioTests.AssertAllDelivered(result, audience: 5);
    }

    [Fact]
    public async Task Rooms_are_refused_for_a_protocol_with_one_room()
    {
        using var cancel = new CancellationTokenSource(InProcessPiazza.Timeout);
        var target = new Target { Protocol = new LineProtocol(), Servers = _relay.EndPoints };
        var settings = new TrafficSettings { Clients = 10, RoomSize = 5 };

        var result = await TrafficScenario.RunAsync("rooms", target, settings, cancel.Token).WaitAsync(InProcessPiazza.Timeout);

        Assert.False(result.Succeeded);
    }

    public ValueTask DisposeAsync() => _relay.DisposeAsync();
}
