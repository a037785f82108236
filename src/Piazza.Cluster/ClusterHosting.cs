using System.Net;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Orleans.Configuration;

using StackExchange.Redis;

namespace Piazza.Cluster;

/// <summary>Makes a host an Orleans silo that is a Piazza node.</summary>
public static class ClusterHosting
{
    /// <summary>Why <paramref name="redis"/> is not a StackExchange.Redis configuration, or null when it is.</summary>
    public static string? RedisProblem(string redis)
    {
        try
        {
            var parsed = ConfigurationOptions.Parse(redis);
            return parsed.EndPoints.Count == 0 ? "must name at least one Redis endpoint, such as 127.0.0.1:6379" : null;
        }
        catch (ArgumentException ex)
        {
            return $"is not a Redis configuration ({ex.Message})";
        }
    }

    /// <summary>
    /// Adds the silo (Redis membership, no client gateway: the nodes' own sessions are its only
    /// callers) and the <see cref="ClusterNode"/> that links it to the hub.
    /// </summary>
    /// <param name="builder">The host.</param>
    /// <param name="clusterId">The cluster's name.</param>
    /// <param name="nodeName">The node's name in logs.</param>
    /// <param name="silo">Where this node listens for the others.</param>
    /// <param name="redis">The membership table's Redis.</param>
    /// <param name="failureDetection">How long an unanswering node stays a member.</param>
    public static void AddPiazzaCluster(this IHostApplicationBuilder builder, string clusterId, string nodeName, IPEndPoint silo, string redis, TimeSpan failureDetection)
    {
        // Orleans reports every option and step at Information: a node's log would be mostly that.
        // Its silo also warns that workstation GC is on, which is this server's choice (docs/benchmarks.md).
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        builder.UseOrleans(orleans =>
        {
            orleans.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = clusterId;
            });
            orleans.Configure<SiloOptions>(options => options.SiloName = nodeName);
            orleans.ConfigureEndpoints(silo.Address, silo.Port, gatewayPort: 0);
            orleans.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            orleans.Configure<ClusterMembershipOptions>(options =>
            {
                // Probes every third of the time; three missed, and the node is voted dead.
                options.ProbeTimeout = failureDetection / 3;
                options.NumMissedProbesLimit = 3;
                options.TableRefreshTimeout = failureDetection / 2;
                options.IAmAliveTablePublishTimeout = failureDetection;
            });
        });
        builder.Services.AddSingleton<ClusterNode>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterNode>());
    }
}
