namespace Piazza.Cluster;

/// <summary>
/// Runs calls one after another per key, and calls of different keys at once: a node's calls to
/// one nick's grain (online, release, watch, unwatch) reach it in the order the hub made them,
/// though nobody waits for them. Orleans does not order two calls made without waiting.
/// </summary>
/// <remarks>
/// One lock around a dictionary of each key's last call; an entry goes when its last call ends,
/// so it holds only the keys with a call under way. A call must not throw (it logs its own failure).
/// </remarks>
internal sealed class OrderedCalls
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Task> _last = new(StringComparer.Ordinal);

    /// <summary>How many keys have a call under way or waiting.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _last.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="call"/> once the calls queued before it under <paramref name="key"/> have ended.</summary>
    public Task<T> Run<T>(string key, Func<Task<T>> call)
    {
        Task<T> next;
        lock (_lock)
        {
            next = AfterAsync(_last.GetValueOrDefault(key), call);
            _last[key] = next;
        }

        _ = ForgetAsync(key, next);
        return next;
    }

    /// <inheritdoc cref="Run{T}(string, Func{Task{T}})"/>
    public Task Run(string key, Func<Task> call) => Run(key, async () =>
    {
        await call();
        return true;
    });

    private static async Task<T> AfterAsync<T>(Task? before, Func<Task<T>> call)
    {
        if (before is not null)
        {
            await before.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return await call().ConfigureAwait(false);
    }

    private async Task ForgetAsync(string key, Task call)
    {
        await call.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_lock)
        {
            if (_last.TryGetValue(key, out var last) && ReferenceEquals(last, call))
            {
                _last.Remove(key);
            }
        }
    }
}
