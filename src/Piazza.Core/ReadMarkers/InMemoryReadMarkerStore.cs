using System.Collections.Concurrent;

namespace Piazza.Core.ReadMarkers;

/// <summary>
/// Read markers kept until the process ends: with history in memory or off, in tests, and for the
/// markers of an IRC connection not logged in (one store per connection, one account name).
/// </summary>
/// <remarks>
/// Each account's markers are a dictionary locked on its own, so two connections of one account
/// advancing one marker see each other's value; accounts do not contend.
/// </remarks>
public sealed class InMemoryReadMarkerStore : IReadMarkerStore
{
    private readonly ConcurrentDictionary<string, Dictionary<string, DateTimeOffset>> _accounts = new(NickName.Comparer);

    /// <inheritdoc/>
    public Task<DateTimeOffset?> GetAsync(string account, string target, CancellationToken cancellationToken = default)
    {
        if (!_accounts.TryGetValue(account, out var markers))
        {
            return Task.FromResult<DateTimeOffset?>(null);
        }

        lock (markers)
        {
            return Task.FromResult<DateTimeOffset?>(markers.TryGetValue(target, out var readAt) ? readAt : null);
        }
    }

    /// <inheritdoc/>
    public Task<ReadMarkerChange> AdvanceAsync(string account, string target, DateTimeOffset readAt, CancellationToken cancellationToken = default)
    {
        var markers = _accounts.GetOrAdd(account, static _ => new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase));
        lock (markers)
        {
            if (markers.TryGetValue(target, out var stored) && stored >= readAt)
            {
                return Task.FromResult(new ReadMarkerChange(stored, Moved: false));
            }

            markers[target] = readAt;
            if (markers.Count > IReadMarkerStore.MaxTargetsPerAccount)
            {
                // Past the limit: the target read longest ago goes (never the one just set). A scan,
                // but only once an account has a thousand targets.
                var oldest = markers.Where(m => !StringComparer.OrdinalIgnoreCase.Equals(m.Key, target)).MinBy(m => m.Value).Key;
                markers.Remove(oldest);
            }

            return Task.FromResult(new ReadMarkerChange(readAt, Moved: true));
        }
    }

    /// <inheritdoc/>
    public Task MoveTargetAsync(string target, string newTarget, CancellationToken cancellationToken = default)
    {
        if (StringComparer.OrdinalIgnoreCase.Equals(target, newTarget))
        {
            return Task.CompletedTask;
        }

        foreach (var markers in _accounts.Values)
        {
            lock (markers)
            {
                if (markers.Remove(target, out var readAt) && !(markers.TryGetValue(newTarget, out var there) && there >= readAt))
                {
                    markers[newTarget] = readAt;
                }
            }
        }

        return Task.CompletedTask;
    }
}
