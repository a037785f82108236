namespace Piazza.Cluster;

/// <summary>
/// One room of the cluster (keyed by <see cref="RoomGrainKey"/>): knows which nodes have members
/// in it and hands each message one node accepted to the others, one batch after another, so
/// every node shows the room's messages from other nodes in one order.
/// </summary>
[Alias("Piazza.Cluster.IRoomGrain")]
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>The node wants the room's messages (again: nodes repeat this, as the grain forgets on deactivation or a node's loss).</summary>
    [Alias("Subscribe")]
    Task Subscribe(string node, INodeObserver observer);

    /// <summary>The node has no member in the room any more.</summary>
    [Alias("Unsubscribe")]
    Task Unsubscribe(string node);

    /// <summary>Messages <paramref name="origin"/> accepted, in its order: every other subscribed node receives them before the call returns (or is dropped).</summary>
    [Alias("Publish")]
    Task Publish(string origin, RelayedMessage[] messages);
}

/// <summary>A node, as the room grains reach it: it shows the messages to its members.</summary>
[Alias("Piazza.Cluster.INodeObserver")]
public interface INodeObserver : IGrainObserver
{
    /// <summary>Messages another node accepted, in the room's order.</summary>
    [Alias("Deliver")]
    Task Deliver(RelayedMessage[] messages);
}
