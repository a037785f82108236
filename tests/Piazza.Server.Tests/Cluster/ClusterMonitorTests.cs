using System.Diagnostics;

using Piazza.Server.Tests.Accounts;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Cluster;

/// <summary>
/// MONITOR (https://ircv3.net/specs/extensions/monitor) across three nodes of one cluster, run as
/// real processes over a real Redis and PostgreSQL (as <see cref="ClusterNodeLossTests"/>): the
/// watchers share no room with the nick they watch, so their nodes learn of it only through the
/// nick's grain. IRC clients join no room by themselves. A watcher without extended-monitor (carl)
/// gets no AWAY: the final barriers find nothing left unread.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterMonitorTests : IAsyncLifetime
{
    /// <summary>The failure detection the nodes run with (Cluster:FailureDetectionSeconds).</summary>
    private const int FailureDetectionSeconds = 3;

    private ProcessCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ProcessCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Monitor_finds_a_nick_on_any_node_and_hears_it_come_and_go_there_and_with_its_node()
    {
        var nodes = await _cluster.StartNodesAsync("monitor", [$"Cluster:FailureDetectionSeconds={FailureDetectionSeconds}", "Flood:Enabled=false", .. AccountSettings.Fast]);
        await using var n1 = nodes[0];
        await using var n2 = nodes[1];
        await using var n3 = nodes[2];
        const string Bob = "bob!~bobu@127.0.0.1";

        // ivy on n1 watches bob, whom nobody holds yet.
        await using var ivy = await IrcClient.ConnectAsync(n1.IrcEndPoint!, "ivy", "extended-monitor", "away-notify");
        await ivy.SendAsync("MONITOR + bob");
        Assert.Equal(["731 ivy bob"], Numerics(await ivy.SyncAsync()));

        // bob connects on n2: ivy hears it.
        var bob = await IrcClient.ConnectAsync(n2.IrcEndPoint!, "bob");
        Assert.Equal(["ivy", Bob], (await ivy.ExpectAsync("730")).Parameters);

        // carl on n3 watches bob, online on n2: told at once; ivy's MONITOR S says the same.
        await using var carl = await IrcClient.ConnectAsync(n3.IrcEndPoint!, "carl");
        await carl.SendAsync("MONITOR + bob,nobody");
        Assert.Equal([$"730 carl {Bob}", "731 carl nobody"], Numerics(await carl.SyncAsync()));
        await ivy.SendAsync("MONITOR S");
        Assert.Equal([$"730 ivy {Bob}"], Numerics(await ivy.SyncAsync()));

        // bob goes away: ivy (extended-monitor, away-notify) sees it; carl, without those, does not.
        await bob.SendAsync("AWAY :lunch");
        await bob.ExpectAsync("306");
        var away = await ivy.ExpectAsync("AWAY");
        Assert.Equal((Bob, "lunch"), (away.Source, away.Last));

        // bob takes another nick and comes back to his own: both watchers hear each.
        await bob.ChangeNickAsync("robert");
        Assert.Equal(["ivy", "bob"], (await ivy.ExpectAsync("731")).Parameters);
        Assert.Equal(["carl", "bob"], (await carl.ExpectAsync("731")).Parameters);
        await bob.ChangeNickAsync("bob");
        Assert.Equal(["ivy", Bob], (await ivy.ExpectAsync("730")).Parameters);
        Assert.Equal(["carl", Bob], (await carl.ExpectAsync("730")).Parameters);

        // bob quits.
        await bob.SendAsync("QUIT :bye");
        await bob.WaitClosedAsync();
        await bob.DisposeAsync();
        Assert.Equal(["ivy", "bob"], (await ivy.ExpectAsync("731")).Parameters);
        Assert.Equal(["carl", "bob"], (await carl.ExpectAsync("731")).Parameters);
        Assert.Empty(await ivy.SyncAsync());
        Assert.Empty(await carl.SyncAsync());

        // bob is back on n2, and n2 dies: its member goes offline for both watchers once the cluster declares it dead.
        await using var bobAgain = await IrcClient.ConnectAsync(n2.IrcEndPoint!, "bob");
        Assert.Equal(["ivy", Bob], (await ivy.ExpectAsync("730")).Parameters);
        Assert.Equal(["carl", Bob], (await carl.ExpectAsync("730")).Parameters);
        var clock = Stopwatch.StartNew();
        await n2.KillAsync();
        Assert.Equal(["ivy", "bob"], (await ivy.ExpectAsync("731")).Parameters);
        Assert.Equal(["carl", "bob"], (await carl.ExpectAsync("731")).Parameters);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(FailureDetectionSeconds * 5), $"the 731s came {clock.Elapsed.TotalSeconds:F1} s after the kill");

        // bob comes back on n3: carl's own node, and ivy's through the nick's grain, which may have died with n2.
        await using var bobOnN3 = await IrcClient.ConnectAsync(n3.IrcEndPoint!, "bob");
        Assert.Equal(["ivy", Bob], (await ivy.ExpectAsync("730")).Parameters);
        Assert.Equal(["carl", Bob], (await carl.ExpectAsync("730")).Parameters);
        Assert.Empty(await ivy.SyncAsync());
        Assert.Empty(await carl.SyncAsync());
    }

    /// <summary>The MONITOR numerics among <paramref name="lines"/> as "code params…" (any other line fails the test).</summary>
    private static string[] Numerics(List<IrcLine> lines) => [.. lines.Select(l => l.Is("730") || l.Is("731") ? $"{l.Command} {string.Join(' ', l.Parameters)}" : $"unexpected: {l.Raw}")];
}
