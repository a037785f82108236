using Microsoft.Data.Sqlite;

using Piazza.Core;
using Piazza.Core.History;

namespace Piazza.Storage.Sqlite;

/// <summary>
/// The history queries. Each runs one statement on a pooled read-only connection, and each is
/// one seek on an index followed by a short range read (see <see cref="Schema"/>).
/// </summary>
/// <remarks>
/// Every query works with a cut: a seq such that the messages of the room with a smaller seq
/// come before the point, the others at or after it. A msgid point cuts at its own message
/// (for "after": just past it); a time point cuts at the first message at or after that time
/// (for "after": strictly after). An unknown msgid, or a msgid of another room, and a time past
/// the last message, cut past the end of the room, as <see cref="InMemoryMessageStore"/> does
/// (<see cref="ContainsAsync"/> tells an unknown msgid from a known one).
/// Time points assume that times rise with append order, as the server's clock gives them.
/// </remarks>
public sealed partial class SqliteMessageStore
{
    /// <summary>Past every seq: where an unknown msgid or a time after the last message cuts.</summary>
    private const string PastTheEnd = "9223372036854775807";

    internal const string LatestSql = $"""
        SELECT {MessageRow.Columns} FROM messages
        WHERE room_key = $room
        ORDER BY seq DESC LIMIT $limit
        """;

    // Indexed by the point's kind: [0] a time, [1] a msgid.
    internal static readonly string[] BeforeSql = [Before(TimeCut("$point", after: false)), Before(MessageCut("$point", after: false))];
    internal static readonly string[] AfterSql = [After(TimeCut("$point", after: true)), After(MessageCut("$point", after: true))];
    internal static readonly string[] AroundSql = [Around(TimeCut("$point", after: false)), Around(MessageCut("$point", after: false))];

    // Indexed by [first's kind * 2 + last's kind].
    internal static readonly string[] BetweenSql =
    [
        Between(TimeCut, TimeCut),
        Between(TimeCut, MessageCut),
        Between(MessageCut, TimeCut),
        Between(MessageCut, MessageCut),
    ];

    // Whether a msgid is one of the room's messages: one seek on messages_msgid.
    internal const string ContainsSql = "SELECT 1 FROM messages WHERE msgid = $point AND room_key = $room";

    // TARGETS: the rooms whose latest message lies between two times. SQLite has no skip-scan
    // without ANALYZE statistics, so the recursive "rooms" walks the distinct room keys by hand:
    // each step is one seek on messages_room_seq for the next key after the last (a loose index
    // scan). Conversation keys ("@a@b", Schema version 7) sort between digits and lower-case
    // letters, so the walk jumps over all of them at the first: no room key is upper case, so
    // none is 'A' itself. For each room, one more seek finds its latest message.
    // Indexed by newestFirst: [0] oldest first, [1] newest first.
    internal static readonly string[] TargetsSql = [Targets("ASC"), Targets("DESC")];

    // TARGETS for an account's conversations: its rows in conversations (the primary key's range),
    // and for each one seek for the conversation's latest message. Indexed as TargetsSql.
    internal static readonly string[] ConversationsSql = [Conversations("ASC"), Conversations("DESC")];

    /// <inheritdoc/>
    /// <remarks>Up to <see cref="RecentMessages.Capacity"/> messages, from the room's recent tail once it has one (see <see cref="RecentMessages"/>).</remarks>
    public async Task<IReadOnlyList<StoredMessage>> LatestAsync(string room, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (limit <= 0 || limit > _recent.Capacity)
        {
            return await QueryAsync(LatestSql, room, limit, newestFirst: true, default, default, cancellationToken);
        }

        if (_recent.TryLatest(room, limit, out var latest))
        {
            return latest;
        }

        var tracked = _recent.Track(room);
        var stored = await QueryAsync(LatestSql, room, _recent.Capacity, newestFirst: true, default, default, cancellationToken);
        return _recent.Seed(room, tracked, stored, limit);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredMessage>> BeforeAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync(BeforeSql[Kind(point)], room, limit, newestFirst: true, ("$point", point), default, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredMessage>> AfterAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync(AfterSql[Kind(point)], room, limit, newestFirst: false, ("$point", point), default, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredMessage>> AroundAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync(AroundSql[Kind(point)], room, limit, newestFirst: false, ("$point", point), default, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredMessage>> BetweenAsync(string room, HistoryPoint first, HistoryPoint last, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync(BetweenSql[(Kind(first) * 2) + Kind(last)], room, limit, newestFirst: false, ("$first", first), ("$last", last), cancellationToken);

    /// <inheritdoc/>
    public async Task<bool> ContainsAsync(string room, string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(messageId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await CatchUpAsync(cancellationToken);
        try
        {
            await using var connection = await OpenReaderAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = ContainsSql;
            command.Parameters.AddWithValue("$room", MessageRow.RoomKey(RoomName.Strip(room)));
            command.Parameters.AddWithValue("$point", messageId);
            return await command.ExecuteScalarAsync(cancellationToken) is not null;
        }
        catch (SqliteException ex)
        {
            throw new HistoryStoreException(_path, $"reading history failed: {DescribeWriteError(ex)}", ex);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredTopic>> TopicsAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await CatchUpAsync(cancellationToken);
        try
        {
            await using var connection = await OpenReaderAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT room, text, set_by, set_at FROM room_topics";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var topics = new List<StoredTopic>();
            while (await reader.ReadAsync(cancellationToken))
            {
                topics.Add(new StoredTopic(reader.GetString(0), reader.GetString(1), reader.GetString(2), MessageRow.FromStored(reader.GetInt64(3))));
            }

            return topics;
        }
        catch (SqliteException ex)
        {
            throw new HistoryStoreException(_path, $"reading history failed: {DescribeWriteError(ex)}", ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<(string Room, DateTimeOffset Latest)>> TargetsAsync(DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst, CancellationToken cancellationToken = default) =>
        LatestOfAsync(TargetsSql[newestFirst ? 1 : 0], null, after, before, limit, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<(string Conversation, DateTimeOffset Latest)>> ConversationsAsync(string account, DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return LatestOfAsync(ConversationsSql[newestFirst ? 1 : 0], account.ToLowerInvariant(), after, before, limit, cancellationToken);
    }

    /// <summary>Runs a TARGETS query: keys (or rooms) with their latest message's time.</summary>
    private async Task<IReadOnlyList<(string, DateTimeOffset)>> LatestOfAsync(string sql, string? account, DateTimeOffset after, DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (limit <= 0)
        {
            return [];
        }

        await CatchUpAsync(cancellationToken);
        try
        {
            await using var connection = await OpenReaderAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            if (account is not null)
            {
                command.Parameters.AddWithValue("$account", account);
            }

            command.Parameters.AddWithValue("$after", MessageRow.ToStored(after));
            command.Parameters.AddWithValue("$before", MessageRow.ToStored(before));
            command.Parameters.AddWithValue("$limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var targets = new List<(string, DateTimeOffset)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                targets.Add((reader.GetString(0), MessageRow.FromStored(reader.GetInt64(1))));
            }

            return targets;
        }
        catch (SqliteException ex)
        {
            throw new HistoryStoreException(_path, $"reading history failed: {DescribeWriteError(ex)}", ex);
        }
    }

    /// <summary>
    /// Reads see every message appended before they began: what waits for the next group commit
    /// is committed first. Without this, someone joining a room within the commit interval of a
    /// message would miss it twice over: not live (they were not in the room yet), and not in the
    /// history they are replayed. A read with nothing pending costs two volatile reads.
    /// </summary>
    private Task CatchUpAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _enqueued) > Volatile.Read(ref _completed) ? FlushAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Runs one history query and returns its messages oldest first.</summary>
    private async Task<IReadOnlyList<StoredMessage>> QueryAsync(
        string sql,
        string room,
        int limit,
        bool newestFirst,
        (string? Name, HistoryPoint Point) first,
        (string? Name, HistoryPoint Point) second,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (limit <= 0)
        {
            return [];
        }

        await CatchUpAsync(cancellationToken);
        try
        {
            await using var connection = await OpenReaderAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$room", MessageRow.RoomKey(RoomName.Strip(room)));
            command.Parameters.AddWithValue("$limit", limit);
            command.Parameters.AddWithValue("$half", limit / 2); // only Around uses it; the others ignore it
            AddPoint(command, first);
            AddPoint(command, second);

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var messages = new List<StoredMessage>(Math.Min(limit, 1024));
            while (await reader.ReadAsync(cancellationToken))
            {
                messages.Add(MessageRow.Read(reader));
            }

            if (newestFirst)
            {
                messages.Reverse();
            }

            return messages;
        }
        catch (SqliteException ex)
        {
            throw new HistoryStoreException(_path, $"reading history failed: {DescribeWriteError(ex)}", ex);
        }
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        // Off the caller's thread, as HistoryFileConnections.OpenAsync: the query that follows
        // runs synchronously, and the caller may be the socket engine's thread.
        await Task.Yield();
        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static void AddPoint(SqliteCommand command, (string? Name, HistoryPoint Point) point)
    {
        if (point.Name is not null)
        {
            command.Parameters.AddWithValue(point.Name, point.Point.MessageId is { } id ? id : MessageRow.ToStored(point.Point.Time));
        }
    }

    private static int Kind(HistoryPoint point) => point.MessageId is null ? 0 : 1;

    // The cut at a msgid: its message's seq (after: the next one). Only a message of this room counts.
    private static string MessageCut(string parameter, bool after) =>
        $"coalesce((SELECT seq{(after ? " + 1" : "")} FROM messages WHERE msgid = {parameter} AND room_key = $room), {PastTheEnd})";

    // The cut at a time: the first message (by time, then seq) at or after it (after: strictly after).
    private static string TimeCut(string parameter, bool after) =>
        $"coalesce((SELECT seq FROM messages WHERE room_key = $room AND time {(after ? ">" : ">=")} {parameter} ORDER BY time, seq LIMIT 1), {PastTheEnd})";

    // The newest $limit messages before the cut (read newest first, then reversed).
    private static string Targets(string order) => $"""
        WITH RECURSIVE rooms(room_key) AS (
            SELECT min(room_key) FROM messages
            UNION ALL
            SELECT (SELECT min(room_key) FROM messages
                    WHERE room_key > (CASE WHEN substr(rooms.room_key, 1, 1) = '@' THEN 'A' ELSE rooms.room_key END))
            FROM rooms WHERE rooms.room_key IS NOT NULL
        ),
        latest(seq) AS (
            SELECT (SELECT max(m.seq) FROM messages AS m WHERE m.room_key = rooms.room_key)
            FROM rooms WHERE rooms.room_key IS NOT NULL AND substr(rooms.room_key, 1, 1) <> '@'
        )
        SELECT m.room, m.time FROM latest JOIN messages AS m ON m.seq = latest.seq
        WHERE m.time > $after AND m.time < $before
        ORDER BY m.time {order}, m.seq {order}
        LIMIT $limit
        """;

    private static string Conversations(string order) => $"""
        SELECT c.room_key, m.time FROM conversations AS c
        JOIN messages AS m ON m.seq = (SELECT max(seq) FROM messages WHERE room_key = c.room_key)
        WHERE c.account = $account AND m.time > $after AND m.time < $before
        ORDER BY m.time {order}, m.seq {order}
        LIMIT $limit
        """;

    private static string Before(string cut) => $"""
        SELECT {MessageRow.Columns} FROM messages
        WHERE room_key = $room AND seq < {cut}
        ORDER BY seq DESC LIMIT $limit
        """;

    // The oldest $limit messages from the cut on.
    private static string After(string cut) => $"""
        SELECT {MessageRow.Columns} FROM messages
        WHERE room_key = $room AND seq >= {cut}
        ORDER BY seq LIMIT $limit
        """;

    // $limit messages starting $half (= limit / 2) messages before the cut, or at the room's
    // first message when there are fewer before it; so the message at a msgid cut is included.
    private static string Around(string cut) => $"""
        SELECT {MessageRow.Columns} FROM messages
        WHERE room_key = $room AND seq >= coalesce(
            (SELECT min(seq) FROM (SELECT seq FROM messages WHERE room_key = $room AND seq < {cut} ORDER BY seq DESC LIMIT $half)),
            {cut})
        ORDER BY seq LIMIT $limit
        """;

    // Strictly between $first and $last, counted from $first, oldest first. Both points are cut
    // twice: "at" (where the point is) and "after" (just past it). When the first point is not
    // past the last one, the range runs from just past the first up to the last, read from its
    // start; when it is, from just past the last up to the first, starting $limit messages before
    // the first (found as Around finds its start), so the range is read forward either way.
    // Each cut is a constant subquery (one seek), and the range one more seek on messages_room_seq.
    private static string Between(Func<string, bool, string> firstCut, Func<string, bool, string> lastCut)
    {
        var firstAt = firstCut("$first", false);
        var firstAfter = firstCut("$first", true);
        var lastAt = lastCut("$last", false);
        var lastAfter = lastCut("$last", true);
        return $"""
            SELECT {MessageRow.Columns} FROM messages
            WHERE room_key = $room
                AND seq >= CASE WHEN {firstAt} <= {lastAt} THEN {firstAfter} ELSE max({lastAfter}, coalesce(
                    (SELECT min(seq) FROM (SELECT seq FROM messages WHERE room_key = $room AND seq < {firstAt} ORDER BY seq DESC LIMIT $limit)),
                    {firstAt})) END
                AND seq < max({firstAt}, {lastAt})
            ORDER BY seq LIMIT $limit
            """;
    }
}
