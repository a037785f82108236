using Piazza.Testing;

namespace Piazza.Server.Tests.Cluster;

/// <summary>Ports for the silos of the cluster tests.</summary>
internal static class SiloPorts
{
    /// <summary>A port free now on 127.0.0.1 for a silo, which binds it a moment later (<see cref="FreePorts.Next"/>).</summary>
    public static int Next() => FreePorts.Next();
}
