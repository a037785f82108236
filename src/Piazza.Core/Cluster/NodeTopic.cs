namespace Piazza.Core.Cluster;

/// <summary>A room's topic as one node set it, for the others.</summary>
/// <param name="Room">The room's name.</param>
/// <param name="Text">The topic; empty when it was cleared.</param>
/// <param name="By">Who set it.</param>
/// <param name="SetAt">When.</param>
public sealed record NodeTopic(string Room, string Text, NodeMember By, DateTimeOffset SetAt);
