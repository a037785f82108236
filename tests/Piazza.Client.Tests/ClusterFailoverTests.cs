using Piazza.Client.Model;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>
/// The client given a cluster's two nodes (Cluster:Enabled, in this process, over a real Redis and
/// PostgreSQL, as Piazza.Server.Tests' ClusterChatTests start them): when the node it is on goes
/// away, it moves to the other, rejoins its room there, and what was said meanwhile comes from the
/// history the nodes share, after the last line it saw on the first node, each line once.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterFailoverTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private RedisServer _redis = null!;
    private string _database = string.Empty;
    private TestServer _nodeA = null!;
    private TestServer _nodeB = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.SharedAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _redis = await RedisServer.SharedAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _database = await _postgres.CreateDatabaseAsync().WaitAsync(TestServer.Timeout);

        // A cluster of its own per test: the tests share the Redis.
        var cluster = "client-" + Guid.NewGuid().ToString("N");
        _nodeA = await StartNodeAsync(cluster, "a");
        _nodeB = await StartNodeAsync(cluster, "b");
    }

    public async Task DisposeAsync()
    {
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
        await _postgres.DropDatabaseAsync(_database).WaitAsync(TestServer.Timeout);
    }

    [Fact]
    public async Task When_its_node_goes_away_the_client_moves_to_the_other_rejoins_and_the_shared_history_fills_the_gap()
    {
        // Node b as alice reaches it: a gate, so that she cannot come back before bob has said
        // what she is to miss (queued connections wait in the kernel until it opens).
        await using var gate = new TcpProxy(_nodeB.IrcEndPoint, open: false);
        await using var alice = await TestChatClient.ConnectAsync(TestChatClient.Settings([_nodeA.IrcEndPoint, gate.EndPoint], "alice"), "#lobby");
        await using var bob = await TestChatClient.ConnectAsync(_nodeB.IrcEndPoint, "bob", "#lobby");
        await bob.TypeAsync("before the node went");
        await alice.WaitForMessageAsync("#lobby", "bob", "before the node went");

        await _nodeA.StopAsync();
        await alice.WaitForLineAsync("#lobby", l => l.Kind == LineKind.Gap && l.Text.StartsWith("Disconnected", StringComparison.Ordinal));
        await bob.WaitForLineAsync("#lobby", l => l.Text.StartsWith("alice quit", StringComparison.Ordinal));
        await bob.TypeAsync("said while alice was away");
        await bob.WaitForMessageAsync("#lobby", "bob", "said while alice was away");
        await _nodeB.History!.FlushAsync().WaitAsync(TestServer.Timeout);

        gate.Open();
        await alice.WaitForLineAsync("#lobby", l => l.Kind == LineKind.Gap && l.Text == $"Reconnected to 127.0.0.1:{gate.EndPoint.Port}.");
        var missed = await alice.WaitForMessageAsync("#lobby", "bob", "said while alice was away");
        Assert.True(missed.IsHistory);
        await alice.WaitUntilAsync(c => c.IsReady && c.State.Find("#lobby")!.IsJoined);
        Assert.Equal("alice", await alice.ReadAsync(c => c.State.Nick));

        await alice.TypeAsync("/join #lobby");
        await alice.TypeAsync("back, through node b");
        await bob.WaitForMessageAsync("#lobby", "alice", "back, through node b");

        // The line from before is there once, not again from history.
        Assert.Equal(1, await alice.ReadAsync(c => c.State.Find("#lobby")!.Lines.Count(l => l.Text == "before the node went")));
    }

    private Task<TestServer> StartNodeAsync(string cluster, string name) => TestServer.StartAsync(TestServer.ClusterNodeSettings(cluster, name, _redis.ConnectionString, _postgres.ConnectionString(_database)));
}
