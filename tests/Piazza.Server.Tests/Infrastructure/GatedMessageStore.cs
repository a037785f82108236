using Piazza.Core.History;

namespace Piazza.Server.Tests.Infrastructure;

/// <summary>
/// A memory store whose next <see cref="LatestAsync"/> can be held open: the test sees the read
/// start (<see cref="ReadStarted"/>), does something meanwhile, then lets it finish
/// (<see cref="Release"/>). The read returns what the store held when it started
/// (<see cref="SnapshotAtStart"/>, as a database reading at once and answering late) or when it
/// is released.
/// </summary>
internal sealed class GatedMessageStore : DelegatingMessageStore
{
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

    public override async Task<IReadOnlyList<StoredMessage>> LatestAsync(string room, int limit, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 0)
        {
            return await Inner.LatestAsync(room, limit, cancellationToken);
        }

        var early = SnapshotAtStart ? await Inner.LatestAsync(room, limit, cancellationToken) : null;
        _started.TrySetResult();
        await _release.Task.WaitAsync(cancellationToken);
        return early ?? await Inner.LatestAsync(room, limit, cancellationToken);
    }
}
