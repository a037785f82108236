using Npgsql;

using Piazza.Core.History;

namespace Piazza.Storage.Postgres;

/// <summary>
/// The history queries: the SQLite store's, in PostgreSQL's SQL. Each is one statement on a pooled
/// connection, one seek on an index followed by a short range read.
/// </summary>
/// <remarks>
/// Every query works with a cut: a seq such that the messages of the room with a smaller seq come
/// before the point, the others at or after it. A msgid point cuts at its own message (for "after":
/// just past it); a time point at the first message at or after that time (for "after": strictly
/// after). An unknown msgid, or one of another room, and a time past the last message, cut past the
/// end of the room, as the other stores do.
/// </remarks>
public sealed partial class PostgresMessageStore
{
    /// <summary>Past every seq: where an unknown msgid or a time after the last message cuts.</summary>
    private const string PastTheEnd = "9223372036854775807";

    private const string LatestSql = $"""
        SELECT {PostgresRow.Columns} FROM piazza.messages
        WHERE room_key = @room
        ORDER BY seq DESC LIMIT @limit
        """;

    private const string ContainsSql = "SELECT 1 FROM piazza.messages WHERE msgid = @point AND room_key = @room";

    // Indexed by the point's kind: [0] a time, [1] a msgid.
    private static readonly string[] BeforeSql = [Before(TimeCut("@point", after: false)), Before(MessageCut("@point", after: false))];
    private static readonly string[] AfterSql = [After(TimeCut("@point", after: true)), After(MessageCut("@point", after: true))];
    private static readonly string[] AroundSql = [Around(TimeCut("@point", after: false)), Around(MessageCut("@point", after: false))];

    // Indexed by [first's kind * 2 + last's kind].
    private static readonly string[] BetweenSql =
    [
        Between(TimeCut, TimeCut),
        Between(TimeCut, MessageCut),
        Between(MessageCut, TimeCut),
        Between(MessageCut, MessageCut),
    ];

    // Indexed by newestFirst: [0] oldest first, [1] newest first.
    private static readonly string[] TargetsSql = [Targets("ASC"), Targets("DESC")];
    private static readonly string[] ConversationsSql = [Conversations("ASC"), Conversations("DESC")];

    /// <inheritdoc/>
    /// <remarks>
    /// Up to <see cref="RecentMessages.Capacity"/> messages, from the room's recent tail once it has
    /// one (see <see cref="RecentMessages"/>): no query, no flush, and an answer while PostgreSQL is down.
    /// </remarks>
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
        QueryAsync(BeforeSql[Kind(point)], room, limit, newestFirst: true, ("point", point), default, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredMessage>> AfterAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync(AfterSql[Kind(point)], room, limit, newestFirst: false, ("point", point), default, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredMessage>> AroundAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync(AroundSql[Kind(point)], room, limit, newestFirst: false, ("point", point), default, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredMessage>> BetweenAsync(string room, HistoryPoint first, HistoryPoint last, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync(BetweenSql[(Kind(first) * 2) + Kind(last)], room, limit, newestFirst: false, ("first", first), ("last", last), cancellationToken);

    /// <inheritdoc/>
    public async Task<bool> ContainsAsync(string room, string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(messageId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await CatchUpAsync(cancellationToken);
        try
        {
            await using var command = _database.CreateCommand(ContainsSql);
            command.Parameters.AddWithValue("room", PostgresRow.RoomKey(room));
            command.Parameters.AddWithValue("point", PostgresText.Clean(messageId));
            return await command.ExecuteScalarAsync(cancellationToken) is not null;
        }
        catch (NpgsqlException ex)
        {
            throw ReadFailed(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredTopic>> TopicsAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await CatchUpAsync(cancellationToken);
        try
        {
            await using var command = _database.CreateCommand("SELECT room, text, set_by, set_at FROM piazza.room_topics");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var topics = new List<StoredTopic>();
            while (await reader.ReadAsync(cancellationToken))
            {
                topics.Add(new StoredTopic(reader.GetString(0), reader.GetString(1), reader.GetString(2), PostgresRow.FromStored(reader.GetInt64(3))));
            }

            return topics;
        }
        catch (NpgsqlException ex)
        {
            throw ReadFailed(ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<(string Room, DateTimeOffset Latest)>> TargetsAsync(DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst, CancellationToken cancellationToken = default) =>
        LatestOfAsync(TargetsSql[newestFirst ? 1 : 0], null, after, before, limit, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<(string Conversation, DateTimeOffset Latest)>> ConversationsAsync(string account, DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return LatestOfAsync(ConversationsSql[newestFirst ? 1 : 0], PostgresRow.Key(account), after, before, limit, cancellationToken);
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
            await using var command = _database.CreateCommand(sql);
            if (account is not null)
            {
                command.Parameters.AddWithValue("account", account);
            }

            command.Parameters.AddWithValue("after", PostgresRow.ToStored(after));
            command.Parameters.AddWithValue("before", PostgresRow.ToStored(before));
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var targets = new List<(string, DateTimeOffset)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                targets.Add((reader.GetString(0), PostgresRow.FromStored(reader.GetInt64(1))));
            }

            return targets;
        }
        catch (NpgsqlException ex)
        {
            throw ReadFailed(ex);
        }
    }

    /// <summary>
    /// Reads see every message appended before they began: what waits for the next group commit
    /// is committed first (someone joining a room just after a message must find it in the history
    /// they are replayed). With nothing pending it costs two volatile reads. While PostgreSQL is
    /// down, it resolves after the writer's next attempt, and the read then fails on its own.
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
            await using var command = _database.CreateCommand(sql);
            command.Parameters.AddWithValue("room", PostgresRow.RoomKey(room));
            command.Parameters.AddWithValue("limit", limit);
            if (sql.Contains("@half", StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue("half", limit / 2);
            }

            AddPoint(command, first);
            AddPoint(command, second);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var messages = new List<StoredMessage>(Math.Min(limit, 1024));
            while (await reader.ReadAsync(cancellationToken))
            {
                messages.Add(PostgresRow.ReadMessage(reader));
            }

            if (newestFirst)
            {
                messages.Reverse();
            }

            return messages;
        }
        catch (NpgsqlException ex)
        {
            throw ReadFailed(ex);
        }
    }

    private PostgresStoreException ReadFailed(NpgsqlException error) => new(_target, $"reading history failed: {DescribeError(error)}", error);

    private static void AddPoint(NpgsqlCommand command, (string? Name, HistoryPoint Point) point)
    {
        if (point.Name is null)
        {
            return;
        }

        if (point.Point.MessageId is { } id)
        {
            command.Parameters.AddWithValue(point.Name, PostgresText.Clean(id));
        }
        else
        {
            command.Parameters.AddWithValue(point.Name, PostgresRow.ToStored(point.Point.Time));
        }
    }

    private static int Kind(HistoryPoint point) => point.MessageId is null ? 0 : 1;

    // The cut at a msgid: its message's seq (after: the next one). Only a message of this room counts.
    private static string MessageCut(string parameter, bool after) =>
        $"coalesce((SELECT seq{(after ? " + 1" : "")} FROM piazza.messages WHERE msgid = {parameter} AND room_key = @room), {PastTheEnd})";

    // The cut at a time: the first message (by time, then seq) at or after it (after: strictly after).
    private static string TimeCut(string parameter, bool after) =>
        $"coalesce((SELECT seq FROM piazza.messages WHERE room_key = @room AND time {(after ? ">" : ">=")} {parameter} ORDER BY time, seq LIMIT 1), {PastTheEnd})";

    // TARGETS: the distinct room keys walked one seek at a time on messages_room_seq (a loose index
    // scan); conversation keys ("@a@b") sort before 'A' byte-wise (COLLATE "C"), so the walk jumps
    // over them all at the first. For each room, one more seek finds its latest message.
    private static string Targets(string order) => $"""
        WITH RECURSIVE rooms(room_key) AS (
            SELECT min(room_key) FROM piazza.messages
            UNION ALL
            SELECT (SELECT min(m.room_key) FROM piazza.messages AS m
                    WHERE m.room_key > (CASE WHEN left(rooms.room_key, 1) = '@' THEN 'A' ELSE rooms.room_key END))
            FROM rooms WHERE rooms.room_key IS NOT NULL
        ),
        latest(seq) AS (
            SELECT (SELECT max(m.seq) FROM piazza.messages AS m WHERE m.room_key = rooms.room_key)
            FROM rooms WHERE rooms.room_key IS NOT NULL AND left(rooms.room_key, 1) <> '@'
        )
        SELECT m.room, m.time FROM latest JOIN piazza.messages AS m ON m.seq = latest.seq
        WHERE m.time > @after AND m.time < @before
        ORDER BY m.time {order}, m.seq {order}
        LIMIT @limit
        """;

    private static string Conversations(string order) => $"""
        SELECT c.room_key, m.time FROM piazza.conversations AS c
        JOIN piazza.messages AS m ON m.seq = (SELECT max(seq) FROM piazza.messages WHERE room_key = c.room_key)
        WHERE c.account = @account AND m.time > @after AND m.time < @before
        ORDER BY m.time {order}, m.seq {order}
        LIMIT @limit
        """;

    // The newest @limit messages before the cut (read newest first, then reversed).
    private static string Before(string cut) => $"""
        SELECT {PostgresRow.Columns} FROM piazza.messages
        WHERE room_key = @room AND seq < {cut}
        ORDER BY seq DESC LIMIT @limit
        """;

    // The oldest @limit messages from the cut on.
    private static string After(string cut) => $"""
        SELECT {PostgresRow.Columns} FROM piazza.messages
        WHERE room_key = @room AND seq >= {cut}
        ORDER BY seq LIMIT @limit
        """;

    // @limit messages starting @half (= limit / 2) messages before the cut, or at the cut when
    // there are none before it; so the message at a msgid cut is included.
    private static string Around(string cut) => $"""
        SELECT {PostgresRow.Columns} FROM piazza.messages
        WHERE room_key = @room AND seq >= coalesce(
            (SELECT min(b.seq) FROM (SELECT seq FROM piazza.messages WHERE room_key = @room AND seq < {cut} ORDER BY seq DESC LIMIT @half) AS b),
            {cut})
        ORDER BY seq LIMIT @limit
        """;

    // Strictly between @first and @last, counted from @first, oldest first (see the SQLite store's
    // Between for the reasoning): read forward from just past the earlier point, or from @limit
    // messages before the first when the first is the later one.
    private static string Between(Func<string, bool, string> firstCut, Func<string, bool, string> lastCut)
    {
        var firstAt = firstCut("@first", false);
        var firstAfter = firstCut("@first", true);
        var lastAt = lastCut("@last", false);
        var lastAfter = lastCut("@last", true);
        return $"""
            SELECT {PostgresRow.Columns} FROM piazza.messages
            WHERE room_key = @room
                AND seq >= CASE WHEN {firstAt} <= {lastAt} THEN {firstAfter} ELSE greatest({lastAfter}, coalesce(
                    (SELECT min(b.seq) FROM (SELECT seq FROM piazza.messages WHERE room_key = @room AND seq < {firstAt} ORDER BY seq DESC LIMIT @limit) AS b),
                    {firstAt})) END
                AND seq < greatest({firstAt}, {lastAt})
            ORDER BY seq LIMIT @limit
            """;
    }
}
