using System.Data.Common;

using Piazza.Core;
using Piazza.Core.History;

namespace Piazza.Storage.Postgres;

/// <summary>How values are laid out in the rows of <see cref="PostgresSchema"/>'s tables.</summary>
internal static class PostgresRow
{
    /// <summary>The columns every message query selects, in the order <see cref="ReadMessage"/> reads them.</summary>
    public const string Columns = "msgid, time, room, kind, sender_nick, sender_name, sender_mask, text, room_key";

    /// <summary>A time as stored: 100-ns ticks since 1970-01-01 UTC (as the SQLite store's, exact to the tick).</summary>
    public static long ToStored(DateTimeOffset time) => time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>The inverse of <see cref="ToStored"/> (in UTC).</summary>
    public static DateTimeOffset FromStored(long ticks) => new(ticks + DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.Zero);

    /// <summary>What names compare by: in lower case (invariant; room names and nicks are ASCII).</summary>
    public static string Key(string name)
    {
        foreach (var c in name)
        {
            if (char.IsAsciiLetterUpper(c) || !char.IsAscii(c))
            {
                return PostgresText.Clean(name.ToLowerInvariant());
            }
        }

        return PostgresText.Clean(name);
    }

    /// <summary>A room's key: its name without '#', in lower case (a conversation key stays as it is, already lower case).</summary>
    public static string RoomKey(string room) => Key(RoomName.Strip(room));

    /// <summary>Reads the message at <paramref name="reader"/>'s row, selected with <see cref="Columns"/>.</summary>
    public static StoredMessage ReadMessage(DbDataReader reader)
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
