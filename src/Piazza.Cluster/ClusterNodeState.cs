namespace Piazza.Cluster;

/// <summary>A node's part in its cluster, as <c>/healthz</c> shows it.</summary>
/// <param name="Node">This node's name.</param>
/// <param name="ActiveNodes">Nodes the membership counts as active now, this one included.</param>
/// <param name="SubscribedRooms">Rooms whose messages from other nodes this node receives now.</param>
/// <param name="RemoteMembers">Members of other nodes this node keeps in its rooms' rosters now.</param>
/// <param name="Outbox">Messages and roster changes made here and not yet handed to their rooms' grains.</param>
/// <param name="Dropped">Reports that did not reach the other nodes since start.</param>
public sealed record ClusterNodeState(string Node, int ActiveNodes, int SubscribedRooms, int RemoteMembers, int Outbox, long Dropped);
