namespace Piazza.Core.Cluster;

/// <summary>A room one node renamed (IRC RENAME, plain /rename), for the others: their room takes the new name too.</summary>
/// <param name="Room">Its old name (it travels through the old name's grain, after the room's earlier messages).</param>
/// <param name="NewName">Its new name.</param>
/// <param name="By">Who renamed it.</param>
/// <param name="Reason">Why; may be empty.</param>
/// <param name="At">When.</param>
public sealed record NodeRename(string Room, string NewName, NodeMember By, string Reason, DateTimeOffset At);
