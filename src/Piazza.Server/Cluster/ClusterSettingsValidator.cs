using Microsoft.Extensions.Options;

using Piazza.Server.History;
using Piazza.Server.Settings;

namespace Piazza.Server.Cluster;

/// <summary>Checks <c>Cluster:*</c> at startup (only when the cluster is on: off, nothing of it is used).</summary>
internal sealed class ClusterSettingsValidator(IOptions<HistoryOptions> history) : IValidateOptions<ClusterSettings>
{
    /// <summary>The longest failure detection: past this a dead node's members haunt their rooms for minutes.</summary>
    public const int MaxFailureDetectionSeconds = 600;

    public ValidateOptionsResult Validate(string? name, ClusterSettings options)
    {
        var problems = new SettingProblems(ClusterSettings.Section);
        if (!options.Enabled)
        {
            return problems.ToResult();
        }

        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            problems.Add(nameof(ClusterSettings.Redis), "must name the Redis that holds the cluster's membership, such as 127.0.0.1:6379");
        }
        else if (Piazza.Cluster.ClusterHosting.RedisProblem(options.Redis) is { } problem)
        {
            problems.Add(nameof(ClusterSettings.Redis), problem);
        }

        if (options.SiloEndPoint is null)
        {
            problems.Add(nameof(ClusterSettings.Silo), $"must be the ip:port this node listens on for the others, such as 127.0.0.1:11111 (not a wildcard address: the others connect to it) (was '{options.Silo}')");
        }

        if (string.IsNullOrWhiteSpace(options.Id) || options.Id.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            problems.Add(nameof(ClusterSettings.Id), $"must be a name without spaces, such as piazza (was '{options.Id}')");
        }

        if (options.Node.Any(char.IsControl))
        {
            problems.Add(nameof(ClusterSettings.Node), "must be one line");
        }

        problems.InRange(options.FailureDetectionSeconds, nameof(ClusterSettings.FailureDetectionSeconds), 2, MaxFailureDetectionSeconds);

        // The nodes share who is registered, which rooms are, and what was said: one database.
        if (!string.Equals(history.Value.Store, "postgresql", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(nameof(ClusterSettings.Enabled), $"needs History:Store=postgresql, the database the nodes share (was History:Store={history.Value.Store})");
        }

        return problems.ToResult();
    }
}
