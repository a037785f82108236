using System.Diagnostics;

namespace Piazza.Cluster;

/// <summary>
/// Tries a grain call again when the cluster could not deliver it. A call made just as a node is
/// declared dead can still be sent to the grain's activation there (this node's cache of where
/// grains live learns of the death a moment after the membership does) and is refused
/// (<see cref="OrleansMessageRejectionException"/>, <see cref="SiloUnavailableException"/>); tried
/// again, it reaches the grain's new activation. Seen in the tests: a node's MONITOR watch made as
/// the watched nick's node died was lost that way until the minute's rewatch.
/// </summary>
/// <remarks>
/// Only for calls whose repeat does no harm: a claim, a watch, a release, a question. A refused call
/// may have run before its node died, but the grain's memory died with it.
/// </remarks>
internal static class UndeliveredCalls
{
    /// <summary>The first wait before a new try; each next one doubles, up to <see cref="LongestDelay"/>.</summary>
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs <paramref name="call"/>, again after a short wait each time the cluster refuses it,
    /// for <paramref name="timeout"/> in all: then its <see cref="TimeoutException"/>, or its last
    /// refusal when no time is left for another try. Any other failure ends it at once.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = Stopwatch.GetTimestamp();
        var delay = FirstDelay;
        while (true)
        {
            var left = timeout - Stopwatch.GetElapsedTime(started);
            try
            {
                return await call().WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken);
            }
            catch (OrleansMessageRejectionException) when (timeout - Stopwatch.GetElapsedTime(started) > delay)
            {
                await Task.Delay(delay, cancellationToken);
                delay = delay * 2 < LongestDelay ? delay * 2 : LongestDelay;
            }
        }
    }

    /// <summary>As <see cref="RetryAsync{T}"/>, for a call that answers nothing.</summary>
    public static Task RetryAsync(Func<Task> call, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RetryAsync(
            async () =>
            {
                await call();
                return true;
            },
            timeout,
            cancellationToken);
    }
}
