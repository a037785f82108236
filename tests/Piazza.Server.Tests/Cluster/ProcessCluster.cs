using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Cluster;

/// <summary>
/// What a test class needs to run a cluster's nodes as real processes (the server executable, as
/// deploy/cluster.sh runs it): the test run's shared Redis and PostgreSQL, and a database of the
/// class's own in that PostgreSQL, dropped with it. Each call of <see cref="StartNodesAsync"/>
/// makes a cluster of its own (its own id), so the classes running at once share nothing else.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    private ProcessCluster(PostgresServer postgres, RedisServer redis, string database)
    {
        Postgres = postgres;
        Redis = redis;
        Database = database;
    }

    public PostgresServer Postgres { get; }

    public RedisServer Redis { get; }

    /// <summary>The class's own database in <see cref="Postgres"/>, which its nodes share.</summary>
    public string Database { get; }

    /// <summary>Waits for the shared Redis and PostgreSQL (started once per test run) and makes the database.</summary>
    public static async Task<ProcessCluster> StartAsync()
    {
        var postgres = await PostgresServer.SharedAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var redis = await RedisServer.SharedAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var database = await postgres.CreateDatabaseAsync().WaitAsync(TestServer.Timeout);
        return new ProcessCluster(postgres, redis, database);
    }

    /// <summary>
    /// Starts three nodes of a new cluster (its id begins with <paramref name="name"/>), named n1 to
    /// n3, each with <paramref name="settings"/> beside the cluster's own, and waits until all listen.
    /// </summary>
    public Task<ServerProcess[]> StartNodesAsync(string name, params string[] settings)
    {
        var cluster = name + "-" + Guid.NewGuid().ToString("N");
        return Task.WhenAll(StartNodeAsync(cluster, "n1", settings), StartNodeAsync(cluster, "n2", settings), StartNodeAsync(cluster, "n3", settings));
    }

    public async ValueTask DisposeAsync() => await Postgres.DropDatabaseAsync(Database).WaitAsync(TestServer.Timeout);

    private Task<ServerProcess> StartNodeAsync(string cluster, string node, string[] settings) =>
        ServerProcess.StartAsync([.. TestServer.ClusterNodeSettings(cluster, node, Redis.ConnectionString, Postgres.ConnectionString(Database)), .. settings]);
}
