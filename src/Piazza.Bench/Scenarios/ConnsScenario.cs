using System.Collections.Concurrent;
using System.Globalization;

using Piazza.Bench.Measure;
using Piazza.Bench.Net;

namespace Piazza.Bench.Scenarios;

/// <summary>The shape of an idle-connections run.</summary>
internal sealed record ConnsSettings
{
    /// <summary>Idle registered clients to open.</summary>
    public int Clients { get; init; } = 10_000;

    /// <summary>How long to keep them all open, measuring the server's idle CPU.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time the server gets to settle after the last connect, and after the last close, before its memory is read.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When the server's memory is read a second time after the close, counted from the close: whatever
    /// a server gives back on its own once a crowd has left (a collection when it goes quiet, an
    /// allocator's trim) has had the time to run. 0: no second reading.
    /// </summary>
    public TimeSpan Later { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// conns: K registered clients in no room, opened a bounded number at a time from many source
/// addresses; the connect rate, the failures, and the server's memory before, with them and
/// after they left (2 s after, and again <see cref="ConnsSettings.Later"/> after), hence KiB per connection.
/// </summary>
internal static class ConnsScenario
{
    public static async Task<BenchResult> RunAsync(Target target, ConnsSettings settings, CancellationToken cancel)
    {
        var result = new BenchResult("conns", target);
        result.Add("clients", settings.Clients).Add("source_addresses", target.SourceAddresses).Add("connect_concurrency", target.ConnectConcurrency);
        var probe = target.ServerProbe();
        var before = probe?.Sample();
        result.Add("server_rss_before_kib", before?.RssKiB);

        var sink = new IdleSink(target.Protocol);
        var connections = new ConcurrentBag<BenchConnection>();
        var loops = new ConcurrentBag<Task>();
        var connected = 0;
        ConnectStats stats;
        var window = CpuWindow.Start(probe);
        await using (Progress.Start(target.Progress, () => string.Create(CultureInfo.InvariantCulture, $"connected {Volatile.Read(ref connected):#,0}/{settings.Clients:#,0}"), cancel))
        {
            stats = await ParallelConnector.RunAsync(
                settings.Clients,
                target.ConnectConcurrency,
                target.ConnectTimeLimit,
                target.ConnectTimeout,
                stopOnFailure: false,
                async (index, token) =>
                {
                    var connection = await BenchConnection.ConnectAsync(target.ServerFor(index), SourceAddresses.For(index, target.SourceAddresses), target.ReceiveBufferBytes, token);
                    connections.Add(connection);
                    await target.Protocol.RegisterAsync(connection, "i" + target.RunTag + index.ToString(CultureInfo.InvariantCulture), null, token);
                    loops.Add(connection.ReceiveLoopAsync(sink, CancellationToken.None));
                    Interlocked.Increment(ref connected);
                },
                cancel);
        }

        var connectCpu = window.Stop();
        TrafficScenario.AddConnect(result, stats);
        result.Add("connect_time_limit_hit", stats.HitTimeLimit);
        result.Add("connect_server_cpu_s", BenchResult.Round(connectCpu.ServerCpuSeconds, 3));
        result.Add("server_cpu_ms_per_connect", stats.Succeeded > 0 && connectCpu.ServerCpuSeconds is { } c ? Math.Round(c * 1000 / stats.Succeeded, 4) : null);

        try
        {
            await Task.Delay(settings.Settle, cancel);
            var hold = CpuWindow.Start(probe, resetPeak: false);
            await Task.Delay(settings.Hold, cancel);
            var held = hold.Stop();
            result.Add("server_rss_with_clients_kib", held.ServerRssKiB);
            result.Add("server_peak_rss_kib", held.ServerPeakRssKiB);
            if (before is { } b && held.ServerRssKiB is { } with && stats.Succeeded > 0)
            {
                result.Add("kib_per_connection", Math.Round((double)(with - b.RssKiB) / stats.Succeeded, 3));
            }

            result.Add("hold_s", Math.Round(held.Seconds, 3));
            result.Add("hold_server_cpu_s", BenchResult.Round(held.ServerCpuSeconds, 3));
            result.Add("hold_unexpected_closes", sink.UnexpectedCloses);
            result.Add("bench_rss_kib", ProcessProbe.Self().Sample().RssKiB);
        }
        finally
        {
            sink.Closing = true;
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }

            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        var closed = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(settings.Settle, cancel);
        result.Add("server_rss_after_close_kib", probe?.Sample().RssKiB);
        if (settings.Later > settings.Settle && probe is not null)
        {
            await Task.Delay(settings.Later - closed.Elapsed, cancel);
            result.Add("server_rss_later_kib", probe.Sample().RssKiB);
            result.Add("later_s", Math.Round(closed.Elapsed.TotalSeconds, 1));
        }
        if (stats.Failed > 0 || sink.UnexpectedCloses > 0)
        {
            result.Fail($"{stats.Failed} failed to connect, {sink.UnexpectedCloses} were dropped: {stats.FirstError ?? sink.FirstCloseReason}");
        }
        else if (stats.HitTimeLimit)
        {
            result.Fail($"only {stats.Succeeded} of {settings.Clients} connected within the {target.ConnectTimeLimit.TotalSeconds:0} s limit");
        }

        return result;
    }
}
