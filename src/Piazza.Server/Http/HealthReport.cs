using System.Text.Json.Serialization;

namespace Piazza.Server.Http;

/// <summary>What <c>GET /healthz</c> answers.</summary>
/// <param name="Status"><c>healthy</c>, or <c>degraded</c> when history cannot be written (HTTP 503).</param>
/// <param name="Connections">Client connections open now, on every chat listener.</param>
/// <param name="Members">Members in the chat now (connections that got past detection and registration).</param>
/// <param name="Rooms">Open rooms now.</param>
/// <param name="UptimeSeconds">Seconds since the server started.</param>
/// <param name="History">The history store's state.</param>
/// <param name="Cluster">The node's part in its cluster; absent for a server that is not a node.</param>
internal sealed record HealthReport(
    string Status,
    int Connections,
    int Members,
    int Rooms,
    long UptimeSeconds,
    HistoryHealthReport History,
    ClusterHealthReport? Cluster = null);

/// <summary>A cluster node's part of <see cref="HealthReport"/> (<c>Cluster:Enabled</c>).</summary>
/// <param name="Node">This node's name (<c>Cluster:Node</c>).</param>
/// <param name="ActiveNodes">Nodes the cluster's membership counts as active now, this one included.</param>
/// <param name="SubscribedRooms">Rooms whose messages from other nodes this node receives now.</param>
/// <param name="RemoteMembers">Members of other nodes this node shows in its rooms now.</param>
/// <param name="Outbox">Messages accepted here and not yet handed to their rooms' grains.</param>
/// <param name="Dropped">Messages that did not reach the other nodes since start (outbox full, or a grain call failed); the history has them.</param>
internal sealed record ClusterHealthReport(string Node, int ActiveNodes, int SubscribedRooms, int RemoteMembers, int Outbox, long Dropped);

/// <summary>The history store's part of <see cref="HealthReport"/>.</summary>
/// <param name="Store"><c>sqlite</c>, <c>memory</c> or <c>off</c>.</param>
/// <param name="Healthy">False while messages cannot be written (or the queue overflows).</param>
/// <param name="Problem">What is wrong, when not healthy; file paths cut to the file name.</param>
/// <param name="Pending">Messages queued and not yet written.</param>
/// <param name="Dropped">Messages lost since start.</param>
internal sealed record HistoryHealthReport(string Store, bool Healthy, string? Problem, long Pending, long Dropped);

/// <summary>JSON for the HTTP endpoints, generated at build time (no reflection).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(WebClientConfig))]
internal sealed partial class HttpJsonContext : JsonSerializerContext;
