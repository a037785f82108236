using System.Diagnostics;

namespace Piazza.Bench.Scenarios;

/// <summary>
/// The live display: once a second, a line saying where a run is ("connected 900/1000",
/// "deliveries/s 998,000 p99 2.1 ms"), until disposed. Lines, not a redrawn screen, so the
/// output reads the same in a terminal and in a log.
/// </summary>
internal sealed class Progress : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;

    private Progress(TextWriter writer, Func<string> status, CancellationToken cancel)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        _loop = RunAsync(writer, status, _stop.Token);
    }

    /// <summary>Starts printing <paramref name="status"/> to <paramref name="writer"/> (null: a no-op).</summary>
    public static IAsyncDisposable Start(TextWriter? writer, Func<string> status, CancellationToken cancel) =>
        writer is null ? new Nothing() : new Progress(writer, status, cancel);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // The loop ends at its next await; a writer stuck on a blocked terminal is not waited for.
        await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static async Task RunAsync(TextWriter writer, Func<string> status, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancel))
            {
                await writer.WriteLineAsync($"  {clock.Elapsed.TotalSeconds,6:0.0}s  {status()}");
                await writer.FlushAsync(cancel);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the run moved on.
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
