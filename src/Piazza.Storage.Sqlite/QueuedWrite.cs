using Piazza.Core.History;

namespace Piazza.Storage.Sqlite;

/// <summary>
/// One item of the writer's queue, written in the order it was queued: a message to insert, or
/// a room's messages to move to a new name (a rename, <see cref="SqliteMessageStore.Rename"/>).
/// A rename goes through the same queue so that the messages appended before it are inserted
/// first and moved with the room, and those appended after it (a new room under the old name)
/// are not.
/// </summary>
/// <param name="Message">The message to insert, or null for a move.</param>
/// <param name="Move">The move, or null for a message.</param>
internal readonly record struct QueuedWrite(StoredMessage? Message, RoomMove? Move)
{
    public static implicit operator QueuedWrite(StoredMessage message) => new(message, null);
}

/// <summary>Every message stored under <paramref name="From"/> goes to <paramref name="To"/> (names without '#').</summary>
internal sealed record RoomMove(string From, string To);
