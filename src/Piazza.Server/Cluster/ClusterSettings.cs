using System.Net;

namespace Piazza.Server.Cluster;

/// <summary>
/// Whether this server is a node of a cluster, and how it finds the others, bound from the
/// configuration section <c>Cluster</c> (<c>--Cluster:Enabled=true</c>). Off by default: one
/// server needs no Orleans, no Redis and no PostgreSQL.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>The configuration section these settings bind from.</summary>
    public const string Section = "Cluster";

    /// <summary>Makes the server a node (an Orleans silo): rooms' messages then cross to the other nodes.</summary>
    public bool Enabled { get; set; }

    /// <summary>The Redis that holds the cluster's membership table, a StackExchange.Redis configuration (<c>127.0.0.1:6379</c>); never logged.</summary>
    public string Redis { get; set; } = string.Empty;

    /// <summary>The address this node listens on for the other nodes, and tells them (<c>ip:port</c>, not a wildcard).</summary>
    public string Silo { get; set; } = "127.0.0.1:11111";

    /// <summary>The node's name in logs; empty: the machine's name and the silo's port.</summary>
    public string Node { get; set; } = string.Empty;

    /// <summary>The cluster's name: nodes with the same name and Redis form one cluster.</summary>
    public string Id { get; set; } = "piazza";

    /// <summary>How long a node that stopped answering stays a member before the others declare it dead, in seconds.</summary>
    public int FailureDetectionSeconds { get; set; } = 10;

    /// <summary><see cref="Silo"/> parsed; null when it is not an <c>ip:port</c>.</summary>
    public IPEndPoint? SiloEndPoint =>
        IPEndPoint.TryParse(Silo, out var endPoint) && endPoint.Port > 0 && !endPoint.Address.Equals(IPAddress.Any) && !endPoint.Address.Equals(IPAddress.IPv6Any)
            ? endPoint
            : null;

    /// <summary><see cref="Node"/>, or the default made from the machine's name and the silo's port.</summary>
    public string NodeName => string.IsNullOrWhiteSpace(Node) ? $"{Environment.MachineName}-{SiloEndPoint?.Port}" : Node;
}
