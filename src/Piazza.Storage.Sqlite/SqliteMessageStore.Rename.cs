using Microsoft.Data.Sqlite;

using Piazza.Core;

namespace Piazza.Storage.Sqlite;

/// <summary>Renaming a room: its messages move to the new name, in turn with the appends around it.</summary>
public sealed partial class SqliteMessageStore
{
    // One seek on messages_room_seq, then the rows of the room: their room_key entries move in
    // both room indexes. A room of 10,000 messages takes some tens of milliseconds of the writer.
    // The room's last topic goes with it, and replaces any an earlier room of the new name left.
    private const string MoveSql = """
        UPDATE messages SET room_key = $to_key, room = $to WHERE room_key = $from_key;
        DELETE FROM room_topics WHERE room_key = $to_key;
        UPDATE room_topics SET room_key = $to_key, room = $to WHERE room_key = $from_key;
        """;

    /// <inheritdoc/>
    /// <remarks>
    /// Queued on the writer's queue like a message, never dropped for a full queue (a lost move
    /// would leave a room's history behind under a name it no longer has), and done in the
    /// transaction of its batch, after the messages queued before it. The two rooms' recent tails
    /// are dropped now and again once the move is committed (a read that began before it may have
    /// made a tail without the moved messages).
    /// </remarks>
    public void Rename(string room, string newName)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(newName);
        var move = new RoomMove(RoomName.Strip(room), RoomName.Strip(newName));
        Interlocked.Increment(ref _enqueued);
        if (!_queue.Writer.TryWrite(new QueuedWrite(null, move)))
        {
            // The store is closing: nothing will write it. Counted as done so no flush waits for it.
            Interlocked.Increment(ref _dropped);
            Interlocked.Increment(ref _completed);
            return;
        }

        ForgetTails(move);
    }

    /// <summary>Moves the rows of <paramref name="move"/>, inside the writer's open transaction.</summary>
    private void ExecuteMove(SqliteTransaction transaction, RoomMove move)
    {
        using var command = _writeConnection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = MoveSql;
        command.Parameters.AddWithValue("$from_key", MessageRow.RoomKey(move.From));
        command.Parameters.AddWithValue("$to_key", MessageRow.RoomKey(move.To));
        command.Parameters.AddWithValue("$to", move.To);
        command.ExecuteNonQuery();
    }

    private void ForgetTails(RoomMove move)
    {
        _recent.Forget(move.From);
        _recent.Forget(move.To);
    }
}
