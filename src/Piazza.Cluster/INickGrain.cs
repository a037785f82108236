namespace Piazza.Cluster;

/// <summary>
/// One nickname across the cluster (keyed as the hub compares nicks: upper-cased): who holds it,
/// so two nodes never give it to two people, and which nodes watch it (IRC's MONITOR), so they
/// hear when it comes online and goes offline.
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

    /// <summary>The holder gives the nick up; nothing happens when another holds it. The watching nodes hear it went offline, if it was online.</summary>
    [Alias("Release")]
    Task Release(string node, string holder);

    /// <summary>
    /// <paramref name="member"/> of <paramref name="node"/>, the holder, is online with the nick (it
    /// connected, or took the nick): the watching nodes hear it. Claims the nick as
    /// <see cref="Claim"/> does (a new activation knows no holder); false when another holds it.
    /// </summary>
    [Alias("Online")]
    Task<bool> Online(string node, string holder, RelayedMember member);

    /// <summary>
    /// <paramref name="member"/>, the holder online with the nick, changed its away message, real
    /// name or account (<paramref name="kind"/>, a <see cref="Core.ChatEventKind"/>, to
    /// <paramref name="text"/>): the watching nodes show it to their watchers (extended-monitor).
    /// Nothing happens when another holds the nick or it is not online.
    /// </summary>
    [Alias("Changed")]
    Task Changed(string node, string holder, RelayedMember member, int kind, string text);

    /// <summary>
    /// <paramref name="node"/> watches the nick (again: nodes repeat this, as a grain forgets them
    /// when its silo dies); <paramref name="observer"/> hears of its comings and goings from now on.
    /// </summary>
    /// <returns>Its holder online now, or that the grain cannot say yet.</returns>
    [Alias("Watch")]
    Task<RelayedNickHolder> Watch(string node, INodeObserver observer);

    /// <summary><paramref name="node"/> watches the nick no more.</summary>
    [Alias("Unwatch")]
    Task Unwatch(string node);
}
