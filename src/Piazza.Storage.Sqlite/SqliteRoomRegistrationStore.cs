using System.Text;

using Microsoft.Data.Sqlite;

using Piazza.Core;
using Piazza.Core.Registrations;

namespace Piazza.Storage.Sqlite;

/// <summary>
/// Registered rooms in the history file's <c>registered_rooms</c> and <c>registered_room_entries</c>
/// tables (<see cref="Schema"/>, version 8), so they survive restarts. Made from an open
/// <see cref="SqliteMessageStore"/>, which has checked the file and brought its schema up to date.
/// </summary>
/// <remarks>
/// Each call opens its own short connection, as <see cref="SqliteServerBanStore"/> does: calls come
/// one at a time from <see cref="RoomRegistry"/>'s writer, after an operator changed a registered
/// room, never from the chat's message path. A save, delete or rename is one immediate transaction
/// (the room's row and its entries together), waiting its turn with the message writer through
/// SQLite's busy timeout.
/// </remarks>
public sealed class SqliteRoomRegistrationStore : IRoomRegistrationStore
{
    private const string FlagLetters = "Cimnst";

    private readonly HistoryFileConnections _connections;

    /// <summary>Uses the file of <paramref name="history"/>.</summary>
    public SqliteRoomRegistrationStore(SqliteMessageStore history) => _connections = new HistoryFileConnections(history);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredRoom>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var entries = new Dictionary<(string Room, string List), List<(string Mask, string SetBy, DateTimeOffset SetAt)>>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT room_key, list, mask, set_by, set_at FROM registered_room_entries ORDER BY room_key, list, position";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!entries.TryGetValue(key, out var list))
                {
                    entries[key] = list = [];
                }

                list.Add((reader.GetString(2), reader.GetString(3), MessageRow.FromStored(reader.GetInt64(4))));
            }
        }

        var rooms = new List<StoredRoom>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT room_key, room, founder, registered_at, modes, mode_key, mode_limit FROM registered_rooms ORDER BY registered_at";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetString(0);
                var letters = reader.GetString(4);
                var modes = RoomModes.FromLetters(letters) with
                {
                    Key = reader.IsDBNull(5) ? null : reader.GetString(5),
                    Limit = reader.IsDBNull(6) ? null : reader.GetInt32(6),
                    Secret = letters.Contains('s', StringComparison.Ordinal),
                    NoCtcp = letters.Contains('C', StringComparison.Ordinal),
                };
                IReadOnlyList<RoomBan> List(string list) =>
                    entries.TryGetValue((key, list), out var found) ? [.. found.Select(e => new RoomBan(e.Mask, e.SetBy, e.SetAt))] : [];
                var operators = entries.TryGetValue((key, "o"), out var ops) ? ops.Select(e => e.Mask).ToArray() : [];
                rooms.Add(new StoredRoom(
                    reader.GetString(1),
                    new RoomRegistration(reader.GetString(2), MessageRow.FromStored(reader.GetInt64(3)), operators),
                    modes,
                    List("b"),
                    List("e"),
                    List("I")));
            }
        }

        return rooms;
    }

    /// <inheritdoc/>
    public async Task SaveAsync(StoredRoom room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await WriteAsync(connection, transaction, room, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await DeleteAsync(connection, transaction, name, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task RenameAsync(string oldName, StoredRoom room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await DeleteAsync(connection, transaction, oldName, cancellationToken);
        await WriteAsync(connection, transaction, room, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, StoredRoom room, CancellationToken cancellationToken)
    {
        await DeleteAsync(connection, transaction, room.Name, cancellationToken);
        var key = RoomKey(room.Name);
        await using (var write = connection.CreateCommand())
        {
            write.Transaction = transaction;
            write.CommandText = """
                INSERT INTO registered_rooms (room_key, room, founder, registered_at, modes, mode_key, mode_limit)
                VALUES ($room_key, $room, $founder, $registered_at, $modes, $mode_key, $mode_limit)
                """;
            write.Parameters.AddWithValue("$room_key", key);
            write.Parameters.AddWithValue("$room", room.Name);
            write.Parameters.AddWithValue("$founder", room.Registration.Founder);
            write.Parameters.AddWithValue("$registered_at", MessageRow.ToStored(room.Registration.RegisteredAt));
            write.Parameters.AddWithValue("$modes", FlagsOf(room.Modes));
            write.Parameters.AddWithValue("$mode_key", (object?)room.Modes.Key ?? DBNull.Value);
            write.Parameters.AddWithValue("$mode_limit", room.Modes.Limit is { } limit ? limit : DBNull.Value);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var entry = connection.CreateCommand();
        entry.Transaction = transaction;
        entry.CommandText = """
            INSERT INTO registered_room_entries (room_key, list, position, mask, set_by, set_at)
            VALUES ($room_key, $list, $position, $mask, $set_by, $set_at)
            """;
        var list = entry.Parameters.Add("$list", SqliteType.Text);
        var position = entry.Parameters.Add("$position", SqliteType.Integer);
        var mask = entry.Parameters.Add("$mask", SqliteType.Text);
        var setBy = entry.Parameters.Add("$set_by", SqliteType.Text);
        var setAt = entry.Parameters.Add("$set_at", SqliteType.Integer);
        entry.Parameters.AddWithValue("$room_key", key);
        var founded = MessageRow.ToStored(room.Registration.RegisteredAt);
        IEnumerable<(string List, string Mask, string SetBy, long SetAt)> rows =
        [
            .. room.Bans.Select(b => ("b", b.Mask, b.SetBy, MessageRow.ToStored(b.SetAt))),
            .. room.Exceptions.Select(b => ("e", b.Mask, b.SetBy, MessageRow.ToStored(b.SetAt))),
            .. room.InviteExceptions.Select(b => ("I", b.Mask, b.SetBy, MessageRow.ToStored(b.SetAt))),
            .. room.Registration.Operators.Select(a => ("o", a, room.Registration.Founder, founded)),
        ];
        var index = 0;
        foreach (var row in rows)
        {
            list.Value = row.List;
            position.Value = index++;
            mask.Value = row.Mask;
            setBy.Value = row.SetBy;
            setAt.Value = row.SetAt;
            await entry.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task DeleteAsync(SqliteConnection connection, SqliteTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = """
            DELETE FROM registered_rooms WHERE room_key = $room_key;
            DELETE FROM registered_room_entries WHERE room_key = $room_key;
            """;
        delete.Parameters.AddWithValue("$room_key", RoomKey(name));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string RoomKey(string name) => MessageRow.RoomKey(RoomName.Strip(name));

    /// <summary>The flag modes set, as their letters in <see cref="FlagLetters"/> order.</summary>
    private static string FlagsOf(RoomModes modes)
    {
        var letters = new StringBuilder(FlagLetters.Length);
        foreach (var letter in FlagLetters)
        {
            var set = letter switch
            {
                'C' => modes.NoCtcp,
                'i' => modes.InviteOnly,
                'm' => modes.Moderated,
                'n' => modes.NoOutsideMessages,
                's' => modes.Secret,
                _ => modes.TopicLocked,
            };
            if (set)
            {
                letters.Append(letter);
            }
        }

        return letters.ToString();
    }
}
