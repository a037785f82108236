using System.Net;

using Microsoft.Extensions.DependencyInjection;

using Piazza.Cluster;
using Piazza.Server.Tests.Accounts;
using Piazza.Server.Tests.Http;
using Piazza.Testing;

namespace Piazza.Server.Tests.Cluster;

/// <summary>
/// Two nodes of a cluster over a PostgreSQL of this test's own, which the test stops (a fast
/// shutdown, as an administrator's restart) and starts again mid-conversation: what is said
/// meanwhile waits, shown to no one (each node's health says degraded while the history cannot be
/// written), and once PostgreSQL is back chat goes on: everything said meanwhile is shown in order,
/// each line stored before anyone sees it, and the history holds it exactly once.
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
    public async Task Chat_between_nodes_waits_out_a_postgresql_restart_and_every_line_is_stored_once_before_it_is_shown()
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

        // Both ways while it is down: nothing can be stored, so nothing is shown yet.
        for (var i = 1; i <= 3; i++)
        {
            await alice.SendAsync($"while down a{i}");
            await bob.SendAsync($"while down b{i}");
        }

        Assert.Equal("degraded", (await probeA.PollUntilAsync(HttpStatusCode.ServiceUnavailable))["status"]!.GetValue<string>());
        Assert.Equal("degraded", (await probeB.PollUntilAsync(HttpStatusCode.ServiceUnavailable))["status"]!.GetValue<string>());

        // Back: each side's lines reach the other in the order said, each stored before it is shown.
        await _postgres.StartAgainAsync().WaitAsync(TimeSpan.FromSeconds(60));
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal($"[alice] while down a{i}", await bob.NextChatAsync());
            Assert.Equal(1L, await _postgres.ScalarAsync(_database, $"SELECT count(*) FROM piazza.messages WHERE text = 'while down a{i}'"));
            Assert.Equal($"[bob] while down b{i}", await alice.NextChatAsync());
            Assert.Equal(1L, await _postgres.ScalarAsync(_database, $"SELECT count(*) FROM piazza.messages WHERE text = 'while down b{i}'"));
        }

        await alice.SendAsync("after");
        Assert.Equal("[alice] after", await bob.NextChatAsync());
        await probeA.PollUntilAsync(HttpStatusCode.OK);
        await probeB.PollUntilAsync(HttpStatusCode.OK);

        var stored = await _postgres.ScalarAsync(_database, "SELECT count(*) FROM piazza.messages WHERE text LIKE 'while down %' OR text IN ('before', 'after')");
        Assert.Equal(8L, stored);
        var distinct = await _postgres.ScalarAsync(_database, "SELECT count(DISTINCT text) FROM piazza.messages WHERE text LIKE 'while down %' OR text IN ('before', 'after')");
        Assert.Equal(8L, distinct);
    }

    private Task<TestServer> StartNodeAsync(string cluster, string name) => TestServer.StartAsync(
        [.. TestServer.ClusterNodeSettings(cluster, name, _redis.ConnectionString, _postgres.ConnectionString(_database)), .. AccountSettings.Fast]);
}
