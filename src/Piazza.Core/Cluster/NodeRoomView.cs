namespace Piazza.Core.Cluster;

/// <summary>
/// A room as the cluster knows it, asked by a node that has no member in it yet before letting
/// one join: its settings (the door a join must pass), topic and members on the other nodes.
/// </summary>
/// <param name="Settings">Its modes and lists; null when no node has the room (the joiner makes it).</param>
/// <param name="Topic">Its topic; null when none was set.</param>
/// <param name="Members">Its members on every node, each naming its node.</param>
public sealed record NodeRoomView(NodeRoomModes? Settings, NodeTopic? Topic, IReadOnlyList<NodeMember> Members)
{
    /// <summary>
    /// True when no node has members in the room yet but another node's joiner is making it (the
    /// room's grain, asked first by that node, made its joiner the room's first member): the joiner
    /// here is not its operator. Of two first joins on two nodes at once, the grain decides.
    /// </summary>
    public bool FoundedElsewhere { get; init; }
}
