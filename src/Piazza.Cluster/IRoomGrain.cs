namespace Piazza.Cluster;

/// <summary>
/// One room of the cluster (keyed by <see cref="GrainKey"/>): knows which nodes have members
/// in it and who they are, and hands what one node reports to the others, one batch after
/// another, so every node sees the room's messages and members from other nodes in one order.
/// </summary>
[Alias("Piazza.Cluster.IRoomGrain")]
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>
    /// The node wants the room's messages, and its members of the room are <paramref name="roster"/>
    /// (again: nodes repeat this, as the grain forgets on deactivation or a node's loss). Before
    /// it returns the node has been told every other node's members, and the others any change to its own.
    /// <paramref name="again"/>: the node was subscribed before and has had members in the room
    /// since, so a new activation also gives it the messages said since it began.
    /// <paramref name="settings"/>: the room's modes and lists on the node, which the grain takes
    /// when it has none yet (it is the room's first node, or a new activation); a node new to the
    /// grain is given the grain's instead.
    /// </summary>
    [Alias("Subscribe")]
    Task Subscribe(string node, INodeObserver observer, RelayedMember[] roster, bool again, RelayedRoomModes? settings);

    /// <summary>
    /// The room as the grain knows it, for <paramref name="node"/>, which has no member in it yet:
    /// its settings (null when none is known), topic and the other nodes' members.
    /// </summary>
    [Alias("View")]
    Task<RelayedRoomView> View(string node);

    /// <summary>For a node's mailbox: the member named <paramref name="nick"/> as that node describes it; null when it has none.</summary>
    [Alias("Describe")]
    Task<RelayedMember?> Describe(string nick);

    /// <summary>The node has no member in the room any more.</summary>
    [Alias("Unsubscribe")]
    Task Unsubscribe(string node);

    /// <summary>
    /// Messages and roster changes <paramref name="origin"/> reports, in its order: every other
    /// subscribed node receives them before the call returns (or is dropped). False when the
    /// grain does not know <paramref name="origin"/> as a subscriber (it is a new activation: its
    /// silo died, or it was collected): the node subscribes again at once.
    /// </summary>
    [Alias("Publish")]
    Task<bool> Publish(string origin, RelayedEvent[] events);
}

/// <summary>A node, as the room and nick grains reach it: it shows what happened to its members and its watched nicks.</summary>
[Alias("Piazza.Cluster.INodeObserver")]
public interface INodeObserver : IGrainObserver
{
    /// <summary>What happened on other nodes, in the room's order.</summary>
    [Alias("Deliver")]
    Task Deliver(RelayedEvent[] events);

    /// <summary>The node's member named <paramref name="nick"/> as it shows it (WHOIS from another node); null when it has none.</summary>
    [Alias("Describe")]
    Task<RelayedMember?> Describe(string nick);

    /// <summary>From a nick's grain, to a node watching the nick (MONITOR): <paramref name="holder"/> came online with it, or (not <paramref name="online"/>) went offline.</summary>
    [Alias("NickHeld")]
    Task NickHeld(RelayedMember holder, bool online);

    /// <summary>From a nick's grain, to a node watching the nick: its holder changed its away message, real name or account (<paramref name="kind"/>, a <see cref="Core.ChatEventKind"/>, to <paramref name="text"/>).</summary>
    [Alias("NickChanged")]
    Task NickChanged(RelayedMember holder, int kind, string text);
}
