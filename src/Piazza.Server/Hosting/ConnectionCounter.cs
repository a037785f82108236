namespace Piazza.Server.Hosting;

/// <summary>Counts open client connections across listeners and enforces the connection limit.</summary>
public sealed class ConnectionCounter
{
    private readonly Lock _gate = new();
    private int _open;
    private TaskCompletionSource? _allClosed;

    /// <summary>Connections open now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Takes a slot; false when <paramref name="max"/> are open already.</summary>
    public bool TryAcquire(int max)
    {
        var open = Interlocked.Increment(ref _open);
        if (open <= max)
        {
            return true;
        }

        Release();
        return false;
    }

    /// <summary>Gives back a slot taken by <see cref="TryAcquire"/>.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _open) != 0)
        {
            return;
        }

        lock (_gate)
        {
            _allClosed?.TrySetResult();
            _allClosed = null;
        }
    }

    /// <summary>Completes when no connection is open (at once if none is).</summary>
    public Task WhenAllClosedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Open == 0)
            {
                return Task.CompletedTask;
            }

            _allClosed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _allClosed.Task.WaitAsync(cancellationToken);
        }
    }
}
