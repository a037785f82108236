namespace Piazza.Core.Cluster;

/// <summary>
/// A member of a node changed its away message, real name or account (<paramref name="Kind"/>:
/// <see cref="ChatEventKind.Away"/>, <see cref="ChatEventKind.RealNameChange"/> or
/// <see cref="ChatEventKind.AccountChange"/>; <paramref name="Text"/> is the new value, empty for
/// none): the nodes whose members share a room with it show it to them.
/// </summary>
public sealed record NodeMemberChange(NodeMember Member, ChatEventKind Kind, string Text, DateTimeOffset At);
