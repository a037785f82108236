using Piazza.Core.Cluster;

namespace Piazza.Cluster;

/// <summary>A <see cref="NodeNickHolder"/> as Orleans carries it: a nick's grain's answer to a node that watches the nick.</summary>
[GenerateSerializer]
[Immutable]
[Alias("Piazza.Cluster.RelayedNickHolder")]
public sealed record RelayedNickHolder
{
    /// <summary>The member online with the nick (its node named); null when none.</summary>
    [Id(0)] public RelayedMember? Holder { get; init; }

    /// <summary>False when the grain cannot say yet (it is new, and the holder may not have claimed the nick again).</summary>
    [Id(1)] public bool Known { get; init; }

    /// <summary>The answer as the hub takes it, seen from <paramref name="self"/>: its own member is none of the answer's business (the hub announces those itself).</summary>
    public NodeNickHolder ToNode(string self) =>
        !Known ? NodeNickHolder.Unknown : new NodeNickHolder(Holder is { } holder && holder.Node != self ? holder.ToNodeMember() : null, Known: true);
}
