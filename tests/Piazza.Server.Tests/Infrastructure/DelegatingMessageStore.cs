using Piazza.Core.History;

namespace Piazza.Server.Tests.Infrastructure;

/// <summary>
/// A memory store that test stores change one member of (a read held open, an append that
/// throws): everything not overridden goes to <see cref="Inner"/>.
/// </summary>
internal abstract class DelegatingMessageStore : IMessageStore
{
    /// <summary>The store underneath.</summary>
    protected InMemoryMessageStore Inner { get; } = new();

    public virtual StoreHealth Health => Inner.Health;

    public virtual void Append(StoredMessage message) => Inner.Append(message);

    public virtual Task FlushAsync(CancellationToken cancellationToken = default) => Inner.FlushAsync(cancellationToken);

    public virtual Task<IReadOnlyList<StoredMessage>> LatestAsync(string room, int limit, CancellationToken cancellationToken = default) =>
        Inner.LatestAsync(room, limit, cancellationToken);

    public virtual Task<IReadOnlyList<StoredMessage>> BeforeAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        Inner.BeforeAsync(room, point, limit, cancellationToken);

    public virtual Task<IReadOnlyList<StoredMessage>> AfterAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        Inner.AfterAsync(room, point, limit, cancellationToken);

    public virtual Task<IReadOnlyList<StoredMessage>> AroundAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        Inner.AroundAsync(room, point, limit, cancellationToken);

    public virtual Task<IReadOnlyList<StoredMessage>> BetweenAsync(string room, HistoryPoint first, HistoryPoint last, int limit, CancellationToken cancellationToken = default) =>
        Inner.BetweenAsync(room, first, last, limit, cancellationToken);

    public virtual Task<bool> DeleteAsync(string room, string messageId, CancellationToken cancellationToken = default) =>
        Inner.DeleteAsync(room, messageId, cancellationToken);

    public virtual void Rename(string room, string newName) => Inner.Rename(room, newName);

    public virtual Task<bool> ContainsAsync(string room, string messageId, CancellationToken cancellationToken = default) =>
        Inner.ContainsAsync(room, messageId, cancellationToken);

    public virtual Task<IReadOnlyList<(string Room, DateTimeOffset Latest)>> TargetsAsync(DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst, CancellationToken cancellationToken = default) =>
        Inner.TargetsAsync(after, before, limit, newestFirst, cancellationToken);

    public virtual Task<IReadOnlyList<(string Conversation, DateTimeOffset Latest)>> ConversationsAsync(string account, DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst, CancellationToken cancellationToken = default) =>
        Inner.ConversationsAsync(account, after, before, limit, newestFirst, cancellationToken);

    public virtual Task<IReadOnlyList<StoredTopic>> TopicsAsync(CancellationToken cancellationToken = default) =>
        Inner.TopicsAsync(cancellationToken);

    public virtual Task<long> PruneAsync(DateTimeOffset olderThan, int keepPerRoom, CancellationToken cancellationToken = default) =>
        Inner.PruneAsync(olderThan, keepPerRoom, cancellationToken);

    public virtual ValueTask DisposeAsync() => Inner.DisposeAsync();
}
