using Microsoft.Data.Sqlite;

using Piazza.Core.History;

namespace Piazza.Storage.Sqlite;

/// <summary>
/// The writer's one INSERT, prepared once on the writer's connection and re-bound per message.
/// </summary>
internal sealed class InsertStatement : IDisposable
{
    // OR IGNORE: a msgid stored twice (a replayed event) keeps the first copy instead of failing
    // the whole batch on the unique index; a NOT NULL violation skips that row alone.
    private const string Sql = """
        INSERT OR IGNORE INTO messages (msgid, time, room_key, room, kind, sender_nick, sender_name, sender_mask, text)
        VALUES ($msgid, $time, $room_key, $room, $kind, $sender_nick, $sender_name, $sender_mask, $text)
        """;

    private readonly SqliteCommand _command;
    private readonly SqliteParameter _messageId;
    private readonly SqliteParameter _time;
    private readonly SqliteParameter _roomKey;
    private readonly SqliteParameter _room;
    private readonly SqliteParameter _kind;
    private readonly SqliteParameter _senderNick;
    private readonly SqliteParameter _senderName;
    private readonly SqliteParameter _senderMask;
    private readonly SqliteParameter _text;

    public InsertStatement(SqliteConnection connection)
    {
        _command = connection.CreateCommand();
        _command.CommandText = Sql;
        _messageId = Add("$msgid", SqliteType.Text);
        _time = Add("$time", SqliteType.Integer);
        _roomKey = Add("$room_key", SqliteType.Text);
        _room = Add("$room", SqliteType.Text);
        _kind = Add("$kind", SqliteType.Integer);
        _senderNick = Add("$sender_nick", SqliteType.Text);
        _senderName = Add("$sender_name", SqliteType.Text);
        _senderMask = Add("$sender_mask", SqliteType.Text);
        _text = Add("$text", SqliteType.Text);
    }

    /// <summary>Inserts <paramref name="message"/> inside <paramref name="transaction"/>.</summary>
    public void Execute(StoredMessage message, SqliteTransaction transaction)
    {
        _command.Transaction = transaction;
        _messageId.Value = Text(message.MessageId);
        _time.Value = MessageRow.ToStored(message.Time);
        _roomKey.Value = message.Room is null ? DBNull.Value : MessageRow.RoomKey(message.Room);
        _room.Value = Text(message.Room);
        _kind.Value = (int)message.Kind;
        _senderNick.Value = Text(message.SenderNick);
        _senderName.Value = Text(message.SenderName);
        _senderMask.Value = Text(message.SenderMask);
        _text.Value = Text(message.Text);
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    // A caller that ignored nullable warnings gets its row skipped (NOT NULL + OR IGNORE), not an exception.
    private static object Text(string? value) => value is null ? DBNull.Value : value;

    private SqliteParameter Add(string name, SqliteType type) => _command.Parameters.Add(name, type);
}
