using Piazza.Core.History;

namespace Piazza.Server.Tests.Infrastructure;

/// <summary>
/// A memory store whose next <see cref="LatestAsync"/> can be held open: the test sees the read
/// start (<see cref="ReadStarted"/>), does something meanwhile, then lets it finish
/// (<see cref="Release"/>). The read returns what the store held when it started
/// (<see cref="SnapshotAtStart"/>, as a database reading at once and answering late) or when it
/// is released.
/// </summary>
internal sealed class GatedMessageStore : IMessageStore
{
    private readonly InMemoryMessageStore _inner = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    /// <summary>Whether the held read returns the messages of when it started (else of when it is released).</summary>
    public bool SnapshotAtStart { get; init; }

    /// <summary>Completes when the held read has started.</summary>
    public Task ReadStarted => _started.Task;

    /// <summary>Holds the next LatestAsync.</summary>
    public void Arm() => Volatile.Write(ref _armed, 1);

    /// <summary>Lets the held read finish.</summary>
    public void Release() => _release.TrySetResult();

    public StoreHealth Health => _inner.Health;

    public void Append(StoredMessage message) => _inner.Append(message);

    public Task FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);

    public async Task<IReadOnlyList<StoredMessage>> LatestAsync(string room, int limit, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 0)
        {
            return await _inner.LatestAsync(room, limit, cancellationToken);
        }

        var early = SnapshotAtStart ? await _inner.LatestAsync(room, limit, cancellationToken) : null;
        _started.TrySetResult();
        await _release.Task.WaitAsync(cancellationToken);
        return early ?? await _inner.LatestAsync(room, limit, cancellationToken);
    }

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
