using Piazza.Core.History;

namespace Piazza.Storage.Postgres;

/// <summary>
/// One item of the writer's queue, written in the order it was queued: a message to insert, or a
/// room's messages to move to a new name (<see cref="PostgresMessageStore.Rename"/>), so that the
/// messages appended before a rename move with the room and those after it do not.
/// </summary>
/// <param name="Message">The message to insert, or null for a move.</param>
/// <param name="Move">The move, or null for a message.</param>
internal readonly record struct QueuedWrite(StoredMessage? Message, RoomMove? Move)
{
    public static implicit operator QueuedWrite(StoredMessage message) => new(message, null);
}

/// <summary>Every message stored under <paramref name="From"/> goes to <paramref name="To"/> (names without '#').</summary>
internal sealed record RoomMove(string From, string To);
