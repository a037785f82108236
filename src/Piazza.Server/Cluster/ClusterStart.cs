using Piazza.Cluster;

namespace Piazza.Server.Cluster;

/// <summary>Makes the server a cluster node when <c>Cluster:Enabled</c> says so.</summary>
internal static class ClusterStart
{
    /// <summary>
    /// Adds the Orleans silo and the node's link when the cluster is on. The silo is configured
    /// while the host is built, before the settings are validated: settings that do not bind or
    /// are wrong add nothing here, and the validator's one line ends the start.
    /// </summary>
    public static void AddIfEnabled(WebApplicationBuilder builder)
    {
        ClusterSettings? settings;
        try
        {
            settings = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>();
        }
        catch (InvalidOperationException)
        {
            return; // a value that does not convert: SettingsCheck names it
        }

        if (settings is not { Enabled: true, SiloEndPoint: { } silo } || string.IsNullOrWhiteSpace(settings.Redis) || ClusterHosting.RedisProblem(settings.Redis) is not null)
        {
            return;
        }

        builder.AddPiazzaCluster(settings.Id, settings.NodeName, silo, settings.Redis, TimeSpan.FromSeconds(Math.Clamp(settings.FailureDetectionSeconds, 2, ClusterSettingsValidator.MaxFailureDetectionSeconds)));
    }
}
