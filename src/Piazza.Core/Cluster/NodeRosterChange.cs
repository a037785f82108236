namespace Piazza.Core.Cluster;

/// <summary>A change to a room's members on one node, as the other nodes are told of it.</summary>
/// <param name="Room">The room's name.</param>
/// <param name="Kind">What happened: <see cref="ChatEventKind.Join"/>, <see cref="ChatEventKind.Part"/>, <see cref="ChatEventKind.Kick"/>, <see cref="ChatEventKind.Quit"/> or <see cref="ChatEventKind.NickChange"/>.</param>
/// <param name="Member">Who joined, left, was kicked, quit or changed nick (as it was before the change).</param>
/// <param name="Text">The reason of a part, kick or quit; the new nick of a nick change; empty for a join.</param>
public sealed record NodeRosterChange(string Room, ChatEventKind Kind, NodeMember Member, string Text)
{
    /// <summary>Who kicked, for a <see cref="ChatEventKind.Kick"/>.</summary>
    public NodeMember? By { get; init; }
}
