using System.Diagnostics;

namespace Piazza.Bench.Scenarios;

/// <summary>How opening many connections went.</summary>
/// <param name="Succeeded">Connected and registered.</param>
/// <param name="Failed">Refused, reset or timed out.</param>
/// <param name="FirstError">What went wrong first, if anything.</param>
/// <param name="Elapsed">From the first connect to the last registration.</param>
/// <param name="HitTimeLimit">Whether it stopped at the time limit with some not yet tried.</param>
internal sealed record ConnectStats(int Succeeded, int Failed, string? FirstError, TimeSpan Elapsed, bool HitTimeLimit)
{
    /// <summary>Registrations per second.</summary>
    public double PerSecond => Elapsed.TotalSeconds > 0 ? Succeeded / Elapsed.TotalSeconds : 0;
}

/// <summary>Runs an action for items 0..N−1, a bounded number at a time, each with its own timeout.</summary>
internal static class ParallelConnector
{
    public static async Task<ConnectStats> RunAsync(
        int count,
        int concurrency,
        TimeSpan timeLimit,
        TimeSpan itemTimeout,
        bool stopOnFailure,
        Func<int, CancellationToken, Task> connectOne,
        CancellationToken cancel)
    {
        var next = -1;
        var succeeded = 0;
        var failed = 0;
        string? firstError = null;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeLimit);
        var clock = Stopwatch.StartNew();

        async Task WorkAsync()
        {
            while (!limit.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= count)
                {
                    return;
                }

                using var item = CancellationTokenSource.CreateLinkedTokenSource(limit.Token);
                item.CancelAfter(itemTimeout);
                try
                {
                    await connectOne(index, item.Token);
                    Interlocked.Increment(ref succeeded);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    if (limit.IsCancellationRequested && ex is OperationCanceledException)
                    {
                        return; // stopped by the time limit or a failure elsewhere: not this item's fault
                    }

                    Interlocked.Increment(ref failed);
                    var why = ex is OperationCanceledException ? $"timed out after {itemTimeout.TotalSeconds:0.#} s" : ex.Message;
                    Interlocked.CompareExchange(ref firstError, $"client {index}: {why}", null);
                    if (stopOnFailure)
                    {
                        await limit.CancelAsync();
                    }
                }
            }
        }

        var workers = new Task[Math.Clamp(concurrency, 1, Math.Max(1, count))];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(WorkAsync, CancellationToken.None);
        }

        await Task.WhenAll(workers);
        cancel.ThrowIfCancellationRequested();
        var unfinished = count - succeeded - failed;
        return new ConnectStats(succeeded, failed, firstError, clock.Elapsed, unfinished > 0 && !(stopOnFailure && failed > 0));
    }
}
