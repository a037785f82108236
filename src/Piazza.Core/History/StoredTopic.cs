namespace Piazza.Core.History;

/// <summary>A room's last topic as stored: the room's name as written, the text, who set it (their nick) and when.</summary>
public sealed record StoredTopic(string Room, string Text, string SetBy, DateTimeOffset SetAt);
