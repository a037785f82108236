using System.Diagnostics;
using System.Globalization;

using Piazza.Bench.Measure;
using Piazza.Bench.Net;

namespace Piazza.Bench.Scenarios;

/// <summary>The shape of a churn run.</summary>
internal sealed record ChurnSettings
{
    /// <summary>Sessions under way at once.</summary>
    public int Concurrency { get; init; } = 50;

    /// <summary>Sessions started per second (0: as fast as the concurrency allows).</summary>
    public double Rate { get; init; }

    /// <summary>How long to start new sessions for.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most sessions to run (0: no limit but the duration).</summary>
    public int Sessions { get; init; }

    /// <summary>The room every session joins (the run's tag is added: a room of its own).</summary>
    public string Room { get; init; } = "churn";

    /// <summary>
    /// How long to run sessions first, unmeasured (0: none): a JIT-compiled server (Piazza) is
    /// otherwise measured while it compiles its session code, which a long-running one has done.
    /// </summary>
    public TimeSpan Warmup { get; init; }
}

/// <summary>
/// churn: sessions that connect, register, join a room, say one line and quit, waiting for the
/// server to close; how many per second complete, how long one takes, and the errors.
/// </summary>
internal static class ChurnScenario
{
    private static readonly byte[] Line = "hello from piazza-bench"u8.ToArray();

    public static async Task<BenchResult> RunAsync(Target target, ChurnSettings settings, CancellationToken cancel)
    {
        var result = new BenchResult("churn", target);
        result.Add("concurrency", settings.Concurrency)
            .Add("rate_offered", settings.Rate > 0 ? settings.Rate : null)
            .Add("duration_s", settings.Duration.TotalSeconds)
            .Add("session_limit", settings.Sessions > 0 ? settings.Sessions : null);

        var room = settings.Room + "-" + target.RunTag;
        var frame = target.Protocol.FrameFor(room, Line.Length);
        var message = new byte[frame.Size(Line.Length)];
        frame.Prefix.CopyTo(message, 0);
        Line.CopyTo(message, frame.Prefix.Length);
        frame.Suffix.CopyTo(message, frame.Prefix.Length + Line.Length);

        if (settings.Warmup > TimeSpan.Zero)
        {
            var (warmed, warmFailed) = await WarmUpAsync(target, room, message, settings, cancel);
            result.Add("warmup_s", settings.Warmup.TotalSeconds)
                .Add("warmup_sessions", warmed)
                .Add("warmup_errors", warmFailed);
        }

        var tickets = -1L;
        long completed = 0, failed = 0;
        string? firstError = null;
        var sessionTimes = new Histogram[settings.Concurrency];
        var clock = Stopwatch.StartNew();
        var window = CpuWindow.Start(target.ServerProbe());

        async Task WorkAsync(Histogram times)
        {
            while (clock.Elapsed < settings.Duration)
            {
                var ticket = Interlocked.Increment(ref tickets);
                if (settings.Sessions > 0 && ticket >= settings.Sessions)
                {
                    return;
                }

                if (settings.Rate > 0)
                {
                    // Open loop: session k is due at k / rate, whether or not earlier ones finished.
                    var wait = TimeSpan.FromSeconds(ticket / settings.Rate) - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, cancel);
                    }
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    await RunSessionAsync(target, room, message, "c", ticket, cancel);
                    times.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                    Interlocked.Increment(ref completed);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && !cancel.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, $"session {ticket}: {(ex is OperationCanceledException ? "timed out" : ex.Message)}", null);
                }
            }
        }

        await using (Progress.Start(target.Progress, LiveStatus(() => Interlocked.Read(ref completed), () => Interlocked.Read(ref failed)), cancel))
        {
            var workers = new Task[settings.Concurrency];
            for (var i = 0; i < workers.Length; i++)
            {
                sessionTimes[i] = new Histogram();
                var times = sessionTimes[i];
                workers[i] = Task.Run(() => WorkAsync(times), CancellationToken.None);
            }

            await Task.WhenAll(workers);
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = window.Stop();
        var all = new Histogram();
        foreach (var times in sessionTimes)
        {
            all.Add(times);
        }

        result.Add("sessions", completed)
            .Add("errors", failed)
            .Add("elapsed_s", Math.Round(elapsed, 3))
            .Add("sessions_per_s", Math.Round(completed / elapsed, 1))
            .Add("session_p50_ms", Math.Round(all.Percentile(50) / 1000.0, 3))
            .Add("session_p99_ms", Math.Round(all.Percentile(99) / 1000.0, 3))
            .Add("session_max_ms", Math.Round(all.Max / 1000.0, 3));
        result.AddCpu(cpu);
        result.Add("server_cpu_ms_per_session", completed > 0 && cpu.ServerCpuSeconds is { } s ? Math.Round(s * 1000 / completed, 4) : null);
        if (firstError is not null)
        {
            result.Add("first_error", firstError);
        }

        if (failed > 0)
        {
            result.Fail($"{failed} sessions failed: {firstError}");
        }

        return result;
    }

    /// <summary>
    /// The unmeasured sessions before the run (<see cref="ChurnSettings.Warmup"/>), as many at once
    /// as the run's, at least one each, nicks of their own ("w…"); how many completed and failed.
    /// </summary>
    private static async Task<(long Completed, long Failed)> WarmUpAsync(Target target, string room, byte[] message, ChurnSettings settings, CancellationToken cancel)
    {
        var tickets = -1L;
        long completed = 0, failed = 0;
        var clock = Stopwatch.StartNew();

        // At least one session each, however late a worker starts on a busy machine.
        async Task WorkAsync()
        {
            do
            {
                try
                {
                    await RunSessionAsync(target, room, message, "w", Interlocked.Increment(ref tickets), cancel);
                    Interlocked.Increment(ref completed);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && !cancel.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                }
            }
            while (clock.Elapsed < settings.Warmup && !cancel.IsCancellationRequested);
        }

        var workers = new Task[settings.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(WorkAsync, CancellationToken.None);
        }

        await Task.WhenAll(workers);
        return (completed, failed);
    }

    /// <summary>One session: connect, register, join, say a line, quit, and wait for the server to close.</summary>
    private static async Task RunSessionAsync(Target target, string room, byte[] message, string nickPrefix, long ticket, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(target.ConnectTimeout);
        var token = timeout.Token;
        var protocol = target.Protocol;
        var nick = nickPrefix + target.RunTag + ticket.ToString(CultureInfo.InvariantCulture);
        var slot = (int)(ticket % int.MaxValue);
        var connection = await BenchConnection.ConnectAsync(target.ServerFor(slot), SourceAddresses.For(slot, target.SourceAddresses), 4096, token);
        await using (connection)
        {
            if (protocol.NeedsPublisher)
            {
                // A Redis subscriber can't publish: say the line first, then subscribe.
                await connection.SendAsync(message, token);
                await protocol.RegisterAsync(connection, nick, room, token);
            }
            else
            {
                await protocol.RegisterAsync(connection, nick, protocol.SupportsRooms ? room : null, token);
                await connection.SendAsync(message, token);
            }

            await protocol.QuitAsync(connection, token);
        }
    }

    private static Func<string> LiveStatus(Func<long> completed, Func<long> failed)
    {
        long last = 0;
        var clock = Stopwatch.StartNew();
        var lastTime = TimeSpan.Zero;
        return () =>
        {
            var now = clock.Elapsed;
            var done = completed();
            var line = string.Create(CultureInfo.InvariantCulture, $"sessions {done:#,0}  per s {(done - last) / Math.Max((now - lastTime).TotalSeconds, 0.001):#,0}  errors {failed():#,0}");
            (last, lastTime) = (done, now);
            return line;
        };
    }
}
