namespace Piazza.Core.Cluster;

/// <summary>An invitation a member of one node gave a member of another to a room, for the invited member's node.</summary>
/// <param name="Room">The room's name.</param>
/// <param name="Target">Who is invited (its <see cref="NodeMember.Node"/> is where it is).</param>
/// <param name="By">Who invited.</param>
/// <param name="At">When.</param>
public sealed record NodeInvite(string Room, NodeMember Target, NodeMember By, DateTimeOffset At);
