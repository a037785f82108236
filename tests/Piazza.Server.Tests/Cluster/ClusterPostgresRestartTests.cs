using System.Net;

using Microsoft.Extensions.DependencyInjection;

using Piazza.Cluster;
using Piazza.Server.Tests.Accounts;
using Piazza.Server.Tests.Http;
using Piazza.Testing;

namespace Piazza.Server.Tests.Cluster;

/// <summary>
/// Two nodes of a cluster over a PostgreSQL of this test's own, which the test stops (a fast
/// shutdown, as an administrator's restart) and starts again mid-conversation: chat between the
/// nodes goes on, each node's health says degraded while the history cannot be written, and once
/// PostgreSQL is back everything said meanwhile is in the history exactly once.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterPostgresRestartTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private RedisServer _redis = null!;
    private string _database = string.Empty;
    private TestServer _nodeA = null!;
    private TestServer _nodeB = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartOwnAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _redis = await RedisServer.SharedAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _database = await _postgres.CreateDatabaseAsync().WaitAsync(TestServer.Timeout);
        var cluster = "test-" + Guid.NewGuid().ToString("N");
        _nodeA = await StartNodeAsync(cluster, "a");
        _nodeB = await StartNodeAsync(cluster, "b");
    }

    public async Task DisposeAsync()
    {
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Chat_between_nodes_goes_on_through_a_postgresql_restart_and_every_line_is_stored_once()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");
        await using var bob = await _nodeB.ConnectAsync("bob");
        foreach (var node in new[] { _nodeA, _nodeB })
        {
            await node.Services.GetRequiredService<ClusterNode>().WhenSubscribedAsync("lobby", CancellationToken.None).WaitAsync(TestServer.Timeout);
        }

        await alice.SendAsync("before");
        Assert.Equal("[alice] before", await bob.NextChatAsync());
        using var probeA = new HealthProbe(_nodeA.HttpEndPoint);
        using var probeB = new HealthProbe(_nodeB.HttpEndPoint);

        await _postgres.StopAsync();

        // Both ways, each line at once: a round's flush ends after one failed attempt.
        for (var i = 1; i <= 3; i++)
        {
            await alice.SendAsync($"while down a{i}");
            Assert.Equal($"[alice] while down a{i}", await bob.NextChatAsync());
            await bob.SendAsync($"while down b{i}");
            Assert.Equal($"[bob] while down b{i}", await alice.NextChatAsync());
        }

        Assert.Equal("degraded", (await probeA.PollUntilAsync(HttpStatusCode.ServiceUnavailable))["status"]!.GetValue<string>());
        Assert.Equal("degraded", (await probeB.PollUntilAsync(HttpStatusCode.ServiceUnavailable))["status"]!.GetValue<string>());

        await _postgres.StartAgainAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await alice.SendAsync("after");
        Assert.Equal("[alice] after", await bob.NextChatAsync());
        await probeA.PollUntilAsync(HttpStatusCode.OK);
        await probeB.PollUntilAsync(HttpStatusCode.OK);
        await _nodeA.History!.FlushAsync().WaitAsync(TestServer.Timeout);
        await _nodeB.History!.FlushAsync().WaitAsync(TestServer.Timeout);

        var stored = await _postgres.ScalarAsync(_database, "SELECT count(*) FROM piazza.messages WHERE text LIKE 'while down %' OR text IN ('before', 'after')");
        Assert.Equal(8L, stored);
        var distinct = await _postgres.ScalarAsync(_database, "SELECT count(DISTINCT text) FROM piazza.messages WHERE text LIKE 'while down %' OR text IN ('before', 'after')");
        Assert.Equal(8L, distinct);
    }

    private Task<TestServer> StartNodeAsync(string cluster, string name) => TestServer.StartAsync(
        [.. TestServer.ClusterNodeSettings(cluster, name, _redis.ConnectionString, _postgres.ConnectionString(_database)), .. AccountSettings.Fast]);
}
