using Microsoft.Data.Sqlite;

using Piazza.Core.History;

namespace Piazza.Storage.Sqlite;

/// <summary>How a <see cref="StoredMessage"/> is laid out in a row of the <c>messages</c> table (see <see cref="Schema"/>).</summary>
internal static class MessageRow
{
    /// <summary>The columns every query selects, in the order <see cref="Read"/> reads them.</summary>
    public const string Columns = "msgid, time, room, kind, sender_nick, sender_name, sender_mask, text, room_key";

    /// <summary>
    /// A time as stored: 100-ns ticks since 1970-01-01 UTC, so a <see cref="DateTimeOffset"/> comes
    /// back as the same instant to the tick (the offset is not kept: times come back in UTC).
    /// In the sqlite3 shell, <c>datetime(time / 10000000, 'unixepoch')</c> shows it.
    /// </summary>
    public static long ToStored(DateTimeOffset time) => time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>The inverse of <see cref="ToStored"/>.</summary>
    public static DateTimeOffset FromStored(long ticks) => new(ticks + DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.Zero);

    /// <summary>
    /// What room names compare by: the name in lower case (invariant; room names are ASCII).
    /// The name itself when it has nothing to lower, so the common case allocates nothing.
    /// </summary>
    public static string RoomKey(string room)
    {
        foreach (var c in room)
        {
            if (char.IsAsciiLetterUpper(c) || !char.IsAscii(c))
            {
                return room.ToLowerInvariant();
            }
        }

        return room;
    }

    /// <summary>
    /// What goes in the <c>room</c> column: the room's name as written, or for a private message
    /// (whose <c>room_key</c> is its conversation's key) the recipient's nick then.
    /// </summary>
    public static string RoomColumn(StoredMessage message) => message.Recipient ?? message.Room;

    /// <summary>Reads the row at <paramref name="reader"/>'s position, selected with <see cref="Columns"/>.</summary>
    public static StoredMessage Read(SqliteDataReader reader)
    {
        var room = reader.GetString(2);
        var key = reader.GetString(8);
        var isPrivate = Conversation.IsKey(key);
        return new(
            MessageId: reader.GetString(0),
            Time: FromStored(reader.GetInt64(1)),
            Room: isPrivate ? key : room,
            Kind: (StoredKind)reader.GetInt32(3),
            SenderNick: reader.GetString(4),
            SenderName: reader.GetString(5),
            SenderMask: reader.GetString(6),
            Text: reader.GetString(7))
        {
            Recipient = isPrivate ? room : null,
        };
    }
}
