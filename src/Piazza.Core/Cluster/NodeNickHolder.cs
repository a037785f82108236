namespace Piazza.Core.Cluster;

/// <summary>What the cluster says of a nick this node starts to watch (IRC's MONITOR): its holder on another node, if any.</summary>
/// <param name="Holder">The member of another node holding it (its node named); null when no other node's member does.</param>
/// <param name="Known">
/// False when the cluster cannot say for sure: it did not answer, or the nick's grain is new (its
/// node died) and its holder may not have claimed it again yet. The node then keeps what it knew.
/// </param>
public sealed record NodeNickHolder(NodeMember? Holder, bool Known)
{
    /// <summary>The cluster could not say.</summary>
    public static NodeNickHolder Unknown { get; } = new(null, Known: false);
}
