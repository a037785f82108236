namespace Piazza.Core.Cluster;

/// <summary>Mode changes a member of one node made to a room, as they took effect there, for the other nodes.</summary>
/// <param name="Room">The room's name.</param>
/// <param name="Changes">The changes, each as it took effect (a nick in its member's spelling, a ban mask completed).</param>
/// <param name="By">Who made them (a server operator need not be in the room).</param>
/// <param name="At">When.</param>
public sealed record NodeModes(string Room, IReadOnlyList<ModeChange> Changes, NodeMember By, DateTimeOffset At);
