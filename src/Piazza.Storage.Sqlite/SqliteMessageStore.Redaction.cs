using Microsoft.Data.Sqlite;

using Piazza.Core;

namespace Piazza.Storage.Sqlite;

/// <summary>Redaction: deleting one message, taking a turn with the writer as a prune chunk does.</summary>
public sealed partial class SqliteMessageStore
{
    private const string DeleteSql = "DELETE FROM messages WHERE msgid = $id AND room_key = $room";

    /// <inheritdoc/>
    /// <remarks>
    /// Commits what is queued first, so a message redacted right after it was said (still waiting
    /// for its group commit) is deleted, not written afterwards. Then the room's recent tail is
    /// dropped and made again from the file on the next read.
    /// </remarks>
    /// <exception cref="HistoryStoreException">Deleting failed (disk full, read-only file).</exception>
    public async Task<bool> DeleteAsync(string room, string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(messageId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await CatchUpAsync(cancellationToken);
        try
        {
            int deleted;
            await _writeGate.WaitAsync(cancellationToken);
            try
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                using var command = _writeConnection.CreateCommand();
                command.CommandText = DeleteSql;
                command.Parameters.AddWithValue("$id", messageId);
                command.Parameters.AddWithValue("$room", MessageRow.RoomKey(RoomName.Strip(room)));
                deleted = command.ExecuteNonQuery();
            }
            finally
            {
                _writeGate.Release();
            }

            return deleted > 0;
        }
        catch (SqliteException ex)
        {
            throw new HistoryStoreException(_path, $"deleting a message failed: {DescribeWriteError(ex)}", ex);
        }
        finally
        {
            // After the delete: a read that began before it and seeds the old tail finds it gone.
            _recent.Forget(room);
        }
    }
}
