using Piazza.Core.History;

namespace Piazza.Server.Tests.Faults;

/// <summary>
/// A history store with a bug: <see cref="Append"/>, which must never throw, throws
/// <see cref="InvalidOperationException"/> for a message whose text is <see cref="Trigger"/>. The
/// hub appends from the sender's command handler, so the handler throws on the read loop, as any
/// bug in a handler would; everything else is an in-memory store.
/// </summary>
internal sealed class FaultyMessageStore : IMessageStore
{
    public const string Trigger = "trip the store bug";

    private readonly InMemoryMessageStore _inner = new();

    public StoreHealth Health => _inner.Health;

    public void Append(StoredMessage message)
    {
        if (message.Text == Trigger)
        {
            throw new InvalidOperationException("a bug in the history store");
        }

        _inner.Append(message);
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> LatestAsync(string room, int limit, CancellationToken cancellationToken = default) =>
        _inner.LatestAsync(room, limit, cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> BeforeAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        _inner.BeforeAsync(room, point, limit, cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> AfterAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        _inner.AfterAsync(room, point, limit, cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> AroundAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) =>
        _inner.AroundAsync(room, point, limit, cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> BetweenAsync(string room, HistoryPoint first, HistoryPoint last, int limit, CancellationToken cancellationToken = default) =>
        _inner.BetweenAsync(room, first, last, limit, cancellationToken);

    public Task<bool> ContainsAsync(string room, string messageId, CancellationToken cancellationToken = default) =>
        _inner.ContainsAsync(room, messageId, cancellationToken);

    public Task<IReadOnlyList<(string Room, DateTimeOffset Latest)>> TargetsAsync(DateTimeOffset after, DateTimeOffset before, int limit, CancellationToken cancellationToken = default) =>
        _inner.TargetsAsync(after, before, limit, cancellationToken);

    public Task<long> PruneAsync(DateTimeOffset olderThan, int keepPerRoom, CancellationToken cancellationToken = default) =>
        _inner.PruneAsync(olderThan, keepPerRoom, cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
