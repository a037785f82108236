namespace Piazza.Core.History;

/// <summary>
/// Room history that survives restarts. Appending never waits for the disk: messages are
/// queued and written in batches (group commit) by the store's one writer; readers never block
/// that writer. Queries return messages oldest first. Rooms compare case-insensitively.
/// </summary>
/// <remarks>
/// <para>
/// The private messages between two accounts are kept the same way, under their conversation's
/// key (<see cref="Conversation.Key"/>) where a room's name goes: every parameter named
/// <c>room</c> takes either, and a conversation is pruned, redacted and read as a room is. A key
/// never collides with a room's name; <see cref="TargetsAsync"/> lists rooms only,
/// <see cref="ConversationsAsync"/> an account's conversations.
/// </para>
/// <para>
/// Implementations: <see cref="InMemoryMessageStore"/> (tests, or history off the disk) and
/// SQLite (the default, Piazza.Storage.Sqlite) and PostgreSQL (Piazza.Storage.Postgres). Every implementation runs the one
/// specification test class (MessageStoreSpecification in the tests).
/// </para>
/// </remarks>
public interface IMessageStore : IAsyncDisposable
{
    /// <summary>
    /// Queues a message for storing. Never blocks and never throws for I/O; when the writer
    /// cannot keep up the store reports itself degraded (<see cref="Health"/>).
    /// </summary>
    void Append(StoredMessage message);

    /// <summary>
    /// <see cref="Append"/>, saying whether the message was queued: false when the store dropped
    /// it (its queue is full, or it is closing). A cluster, which acknowledges a message only once
    /// it is committed, refuses one the history cannot take rather than lose it.
    /// </summary>
    bool TryAppend(StoredMessage message)
    {
        Append(message);
        return true;
    }

    /// <summary>
    /// A message another node of a cluster appended to the database this store shares with it,
    /// delivered live here: a store that keeps rooms' recent tails (<see cref="RecentMessages"/>)
    /// adds it there, so the replay on join shows it as this node's members saw it. The others
    /// have nothing to do: the message is in the database.
    /// </summary>
    void AppendedElsewhere(StoredMessage message)
    {
    }

    /// <summary>
    /// This node may have missed messages other nodes appended to <paramref name="room"/> (a node
    /// or a room's grain was lost meanwhile): a store that keeps rooms' recent tails drops the
    /// room's, so the next replay on join reads the database, which has them all.
    /// </summary>
    void MayHaveMissed(string room)
    {
    }

    /// <summary>Resolves when everything appended before the call is durable (or known lost).</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits what is pending now, as <see cref="FlushAsync"/> does, and says whether everything
    /// appended before the call is committed: false when writing failed meanwhile (the messages
    /// stay queued for the writer's retries) or the store closed first. What a cluster waits for
    /// before it shows a message to anyone.
    /// </summary>
    async Task<bool> CommitAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken);
        return Health.IsHealthy;
    }

    /// <summary>
    /// The newest <paramref name="limit"/> messages of <paramref name="room"/>, every message
    /// appended before the call included, committed or not (the replay on join relies on it).
    /// </summary>
    Task<IReadOnlyList<StoredMessage>> LatestAsync(string room, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages strictly before <paramref name="point"/>, the nearest ones.</summary>
    Task<IReadOnlyList<StoredMessage>> BeforeAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages strictly after <paramref name="point"/>, the nearest ones.</summary>
    Task<IReadOnlyList<StoredMessage>> AfterAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> messages around <paramref name="point"/>: about half before
    /// and half after (the message at a msgid point included).
    /// </summary>
    Task<IReadOnlyList<StoredMessage>> AroundAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> messages strictly between <paramref name="first"/> and
    /// <paramref name="last"/>, counted from the first, in either direction: when the first is the
    /// earlier point, the oldest ones after it; when it is the later one, the newest ones before it
    /// (chathistory BETWEEN may name either first). Oldest first either way.
    /// </summary>
    Task<IReadOnlyList<StoredMessage>> BetweenAsync(string room, HistoryPoint first, HistoryPoint last, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether <paramref name="room"/> has a stored message with this id (not one of another room,
    /// never stored, or pruned). The queries take an unknown msgid point for the end of the room;
    /// this tells it apart (chathistory answers it with an error).
    /// </summary>
    Task<bool> ContainsAsync(string room, string messageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the message of <paramref name="room"/> with this id (a redaction), everything
    /// appended before the call included; returns whether there was one. Queries made after it
    /// completes no longer return it.
    /// </summary>
    Task<bool> DeleteAsync(string room, string messageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The topic each room was last given (a topic message whose text is empty cleared it: that room
    /// has none), everything appended before the call included, so a restart gives rooms back their
    /// topics. Kept apart from the messages: pruning old messages does not lose a topic.
    /// </summary>
    Task<IReadOnlyList<StoredTopic>> TopicsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves every message of <paramref name="room"/> appended before the call to
    /// <paramref name="newName"/> (a room renamed): queued in order with <see cref="Append"/>, so
    /// it never blocks, a message appended before it moves and one appended after it stays under
    /// the name it was appended with. Queries made after the call see the move. When the new name
    /// has messages of its own (an earlier room of that name), both are kept, in append order.
    /// A room whose name changes only in case gets that spelling.
    /// </summary>
    void Rename(string room, string newName);

    /// <summary>
    /// Rooms (not conversations) whose latest message lies strictly between two times, with that
    /// message's time (chathistory TARGETS): a room spoken in after <paramref name="before"/> is not
    /// listed. Oldest first, or newest first when <paramref name="newestFirst"/>; at most
    /// <paramref name="limit"/>, counted from that first end.
    /// </summary>
    Task<IReadOnlyList<(string Room, DateTimeOffset Latest)>> TargetsAsync(DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst, CancellationToken cancellationToken = default);

    /// <summary>
    /// The conversations of <paramref name="account"/> (their <see cref="Conversation.Key"/>s, in
    /// lower case) whose latest message lies strictly between two times, with that message's time,
    /// in <see cref="TargetsAsync"/>'s order and limit (chathistory TARGETS). Everything appended
    /// before the call included.
    /// </summary>
    Task<IReadOnlyList<(string Conversation, DateTimeOffset Latest)>> ConversationsAsync(string account, DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst, CancellationToken cancellationToken = default);

    /// <summary>Deletes messages older than <paramref name="olderThan"/> and beyond the newest <paramref name="keepPerRoom"/> of each room and each conversation; returns how many.</summary>
    Task<long> PruneAsync(DateTimeOffset olderThan, int keepPerRoom, CancellationToken cancellationToken = default);

    /// <summary>Whether writing works now, and why not when it doesn't.</summary>
    StoreHealth Health { get; }
}

/// <summary>A store's state for logs and /healthz.</summary>
/// <param name="IsHealthy">True while messages are being written.</param>
/// <param name="Problem">What is wrong, when not healthy (the first error, logged once).</param>
/// <param name="Pending">Messages queued and not yet written.</param>
/// <param name="Dropped">Messages lost since start (queue overflow or a failed write).</param>
public sealed record StoreHealth(bool IsHealthy, string? Problem, long Pending, long Dropped)
{
    /// <summary>
    /// How far behind the writer was at its last commit: the time from the oldest message of that
    /// batch being said to its commit (zero for a store that writes at once, or before any write).
    /// </summary>
    public TimeSpan WriteLag { get; init; }
}
