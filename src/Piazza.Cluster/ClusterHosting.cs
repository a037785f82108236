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

    /// <summary>Two failure-detection times, from 15 s to 2 minutes: long enough for a member that died to be voted out while a node joins.</summary>
    public static TimeSpan MembershipRetryTime(TimeSpan failureDetection) =>
        TimeSpan.FromTicks(Math.Clamp(failureDetection.Ticks * 2, TimeSpan.FromSeconds(15).Ticks, TimeSpan.FromMinutes(2).Ticks));

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

            // One activation of a grain at a time among the live nodes, also while a node joins or
            // dies: a room's grain is the room's one sequencer and a nick's grain its one holder,
            // both in memory, and Orleans' default directory is only eventually consistent (it may
            // make a second activation while the membership changes). This one hands ranges over
            // under versioned locks. Its lease on a dead node's grains is off: by default it keeps
            // them from coming back elsewhere for 30 s less the failure detection (in case the
            // node declared dead still runs), which held a killed node's rooms past the few
            // seconds this cluster promises (quits 20 s after a kill -9, in the tests); a node
            // declared dead stops itself as soon as it learns so.
#pragma warning disable ORLEANSEXP003 // Orleans marks the strongly consistent directory experimental.
            orleans.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
            orleans.Configure<GrainDirectoryOptions>(options => options.RangeLeaseDuration = TimeSpan.Zero);
            orleans.UseRedisClustering(options =>
            {
                options.ConfigurationOptions = ConfigurationOptions.Parse(redis);

                // While Redis is unreachable a command fails at once rather than waiting 5 s in the
                // client's backlog: Orleans retries on its own schedule, bounded below.
                options.ConfigurationOptions.BacklogPolicy = BacklogPolicy.FailFast;
            });
            orleans.Configure<ClusterMembershipOptions>(options =>
            {
                // Probes every third of the time; three missed, and the node is voted dead.
                options.ProbeTimeout = failureDetection / 3;
                options.NumMissedProbesLimit = 3;
                options.TableRefreshTimeout = failureDetection / 2;
                options.IAmAliveTablePublishTimeout = failureDetection;

                // How long a node retries writing its own status to the membership table: joining
                // (Orleans pings every member it finds first) and leaving (twice: stopping, dead).
                // Orleans' 5 minutes made a node whose Redis had gone take over 5 minutes to stop on
                // SIGTERM; a join that needs longer than this fails the start, loudly.
                options.MaxJoinAttemptTime = MembershipRetryTime(failureDetection);
            });
        });
        builder.Services.AddSingleton<ClusterNode>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterNode>());
    }
}
