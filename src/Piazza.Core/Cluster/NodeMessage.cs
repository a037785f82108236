namespace Piazza.Core.Cluster;

/// <summary>
/// A room message as it travels between the nodes of a cluster: what the other nodes need to
/// show it to their members as the origin's members saw it (no <see cref="Member"/> or
/// <see cref="Room"/>: those live on the origin node).
/// </summary>
/// <param name="Room">The room's name.</param>
/// <param name="Sender">Who sent it.</param>
/// <param name="Text">The text (a multiline message's lines joined by line breaks).</param>
/// <param name="Style">Text, action or notice.</param>
/// <param name="Time">When the origin accepted it.</param>
/// <param name="MessageId">Its id on the origin (IRC's <c>msgid</c>, history's key): the same on every node.</param>
public sealed record NodeMessage(string Room, NodeMember Sender, string Text, MessageStyle Style, DateTimeOffset Time, string MessageId)
{
    /// <summary>The sender's client-only tags (IRC's <c>+</c> tags), unescaped.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    /// <summary>A multiline message's lines; empty for a one-line message.</summary>
    public IReadOnlyList<MessageLine> Lines { get; init; } = [];

    /// <summary>
    /// For a private message, its recipient, a member of another node (<see cref="NodeMember.Node"/>);
    /// null for a room message. <see cref="Room"/> is then a room both share, whose grain carries it
    /// to that node only.
    /// </summary>
    public NodeMember? Target { get; init; }
}
