namespace Piazza.Cluster;

/// <summary>
/// One nickname across the cluster (keyed as the hub compares nicks: upper-cased): who holds it,
/// so two nodes never give it to two people.
/// </summary>
[Alias("Piazza.Cluster.INickGrain")]
public interface INickGrain : IGrainWithStringKey
{
    /// <summary>Gives the nick to <paramref name="holder"/> of <paramref name="node"/>: true when it was free, the holder's already, or held by a node that is dead.</summary>
    [Alias("Claim")]
    Task<bool> Claim(string node, string holder);

    /// <summary>The node of the nick's holder; null when nobody holds it (or its holder's node is dead).</summary>
    [Alias("Holder")]
    Task<string?> Holder();

    /// <summary>The holder gives the nick up; nothing happens when another holds it.</summary>
    [Alias("Release")]
    Task Release(string node, string holder);
}
