using System.Text;

using Npgsql;

using Piazza.Core;
using Piazza.Core.Registrations;

namespace Piazza.Storage.Postgres;

/// <summary>
/// Registered rooms in <c>piazza.registered_rooms</c> and <c>piazza.registered_room_entries</c>
/// (<see cref="PostgresSchema"/>, laid out as the SQLite store's), so they survive restarts. Made
/// from an open <see cref="PostgresMessageStore"/>, whose pool of connections it uses.
/// </summary>
/// <remarks>
/// Calls come one at a time from <see cref="RoomRegistry"/>'s writer, after an operator changed a
/// registered room, never from the chat's message path. A save, delete or rename is one transaction
/// (the room's row and its entries together).
/// </remarks>
public sealed class PostgresRoomRegistrationStore : IRoomRegistrationStore
{
    private const string FlagLetters = "Cimnst";

    private readonly NpgsqlDataSource _database;

    /// <summary>Uses the database of <paramref name="history"/>.</summary>
    public PostgresRoomRegistrationStore(PostgresMessageStore history) => _database = (history ?? throw new ArgumentNullException(nameof(history))).Database;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredRoom>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var entries = new Dictionary<(string Room, string List), List<(string Mask, string SetBy, DateTimeOffset SetAt)>>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT room_key, list, mask, set_by, set_at FROM piazza.registered_room_entries ORDER BY room_key, list, position";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!entries.TryGetValue(key, out var list))
                {
                    entries[key] = list = [];
                }

                list.Add((reader.GetString(2), reader.GetString(3), PostgresRow.FromStored(reader.GetInt64(4))));
            }
        }

        var rooms = new List<StoredRoom>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT room_key, room, founder, registered_at, modes, mode_key, mode_limit FROM piazza.registered_rooms ORDER BY registered_at";
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
                    new RoomRegistration(reader.GetString(2), PostgresRow.FromStored(reader.GetInt64(3)), operators),
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
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WriteAsync(connection, transaction, room, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await DeleteAsync(connection, transaction, name, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task RenameAsync(string oldName, StoredRoom room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await DeleteAsync(connection, transaction, oldName, cancellationToken);
        await WriteAsync(connection, transaction, room, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredRoom room, CancellationToken cancellationToken)
    {
        await DeleteAsync(connection, transaction, room.Name, cancellationToken);
        var key = RoomKey(room.Name);
        await using (var write = connection.CreateCommand())
        {
            write.Transaction = transaction;
            write.CommandText = """
                INSERT INTO piazza.registered_rooms (room_key, room, founder, registered_at, modes, mode_key, mode_limit)
                VALUES (@room_key, @room, @founder, @registered_at, @modes, @mode_key, @mode_limit)
                """;
            write.Parameters.AddWithValue("room_key", key);
            write.Parameters.AddWithValue("room", PostgresText.Clean(room.Name));
            write.Parameters.AddWithValue("founder", PostgresText.Clean(room.Registration.Founder));
            write.Parameters.AddWithValue("registered_at", PostgresRow.ToStored(room.Registration.RegisteredAt));
            write.Parameters.AddWithValue("modes", FlagsOf(room.Modes));
            write.Parameters.AddWithValue("mode_key", room.Modes.Key is { } modeKey ? PostgresText.Clean(modeKey) : DBNull.Value);
            write.Parameters.AddWithValue("mode_limit", room.Modes.Limit is { } limit ? limit : DBNull.Value);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var entry = connection.CreateCommand();
        entry.Transaction = transaction;
        entry.CommandText = """
            INSERT INTO piazza.registered_room_entries (room_key, list, position, mask, set_by, set_at)
            VALUES (@room_key, @list, @position, @mask, @set_by, @set_at)
            """;
        var list = entry.Parameters.Add("list", NpgsqlTypes.NpgsqlDbType.Text);
        var position = entry.Parameters.Add("position", NpgsqlTypes.NpgsqlDbType.Integer);
        var mask = entry.Parameters.Add("mask", NpgsqlTypes.NpgsqlDbType.Text);
        var setBy = entry.Parameters.Add("set_by", NpgsqlTypes.NpgsqlDbType.Text);
        var setAt = entry.Parameters.Add("set_at", NpgsqlTypes.NpgsqlDbType.Bigint);
        entry.Parameters.AddWithValue("room_key", key);
        var founded = PostgresRow.ToStored(room.Registration.RegisteredAt);
        IEnumerable<(string List, string Mask, string SetBy, long SetAt)> rows =
        [
            .. room.Bans.Select(b => ("b", b.Mask, b.SetBy, PostgresRow.ToStored(b.SetAt))),
            .. room.Exceptions.Select(b => ("e", b.Mask, b.SetBy, PostgresRow.ToStored(b.SetAt))),
            .. room.InviteExceptions.Select(b => ("I", b.Mask, b.SetBy, PostgresRow.ToStored(b.SetAt))),
            .. room.Registration.Operators.Select(a => ("o", a, room.Registration.Founder, founded)),
        ];
        var index = 0;
        foreach (var row in rows)
        {
            list.Value = row.List;
            position.Value = index++;
            mask.Value = PostgresText.Clean(row.Mask);
            setBy.Value = PostgresText.Clean(row.SetBy);
            setAt.Value = row.SetAt;
            await entry.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = """
            DELETE FROM piazza.registered_rooms WHERE room_key = @room_key;
            DELETE FROM piazza.registered_room_entries WHERE room_key = @room_key;
            """;
        delete.Parameters.AddWithValue("room_key", RoomKey(name));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string RoomKey(string name) => PostgresRow.RoomKey(name);

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
