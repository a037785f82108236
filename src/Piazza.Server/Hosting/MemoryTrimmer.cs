using System.Diagnostics;

using Microsoft.Extensions.Options;

using Piazza.Core;

namespace Piazza.Server.Hosting;

/// <summary>
/// Gives memory back after a crowd comes or goes. A server that idles allocates nothing, so no
/// collection runs: what a crowd's connecting and leaving left behind (dead sessions, pipes, the
/// joins' events) and the heap it grew stay in the process for as long as it idles
/// (docs/benchmarks.md, memory per idle connection). So when the number of open connections has
/// moved by at least <see cref="ChatOptions.MemoryTrimConnections"/> since the last trim, and then
/// the server has gone quiet for a tick (the count settled, and no collection ran by itself, so
/// nothing is being allocated: no traffic), this runs one full, compacting, aggressive collection,
/// which also returns the freed heap to the operating system.
/// </summary>
/// <remarks>
/// Threads: <see cref="OnTick"/> runs on the timer's thread, one tick at a time. The clock is the
/// wall clock, not the hub's <see cref="TimeProvider"/> (<see cref="Create"/>): tests that run the
/// chat on a fake clock pump every timer on it, and a periodic one would run that clock away; a
/// test of this class gives it a fake clock of its own. The collection stops every thread for
/// as long as it takes (tens of milliseconds for 10,000 connections here), so it runs at most once
/// per <see cref="MinInterval"/>, and never while clients talk (their traffic allocates, so the
/// runtime collects by itself) nor during the burst of connects or closes itself.
/// </remarks>
internal sealed partial class MemoryTrimmer(ConnectionCounter connections, TimeProvider time, IOptions<ChatOptions> chat, ILogger<MemoryTrimmer> logger)
    : IHostedService, IDisposable
{
    /// <summary>How often the connection count is looked at; settled means it hardly moved over one tick.</summary>
    internal static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    /// <summary>The least time between two trims, whatever the connections do.</summary>
    internal static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(5);

    private readonly Lock _tick = new();
    private ITimer? _timer;
    private int _previous;
    private int _previousCollections;
    private int _atLastTrim;
    private long? _lastTrimAt;
    private long _trims;

    /// <summary>The server's trimmer, on <paramref name="clock"/> (the wall clock, but in its own tests).</summary>
    public static MemoryTrimmer Create(IServiceProvider services, TimeProvider clock) => new(
        services.GetRequiredService<ConnectionCounter>(),
        clock,
        services.GetRequiredService<IOptions<ChatOptions>>(),
        services.GetRequiredService<ILogger<MemoryTrimmer>>());

    /// <summary>Trims run since start (<c>/metrics</c>: <c>piazza_memory_trims_total</c>).</summary>
    public long Trims => Interlocked.Read(ref _trims);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (chat.Value.MemoryTrimConnections > 0)
        {
            _timer = time.CreateTimer(static s => ((MemoryTrimmer)s!).OnTick(), this, Tick, Tick);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    private void OnTick()
    {
        // A tick that comes while the last one still collects (a starved machine) has nothing to add.
        if (!_tick.TryEnter())
        {
            return;
        }

        try
        {
            var threshold = chat.Value.MemoryTrimConnections;
            var open = connections.Open;
            var settled = open == _previous || Math.Abs((long)open - _previous) * 10 < threshold;
            var collections = GC.CollectionCount(0);
            var quiet = collections == _previousCollections;
            _previous = open;
            _previousCollections = collections;
            if (!settled
                || !quiet
                || Math.Abs((long)open - _atLastTrim) < threshold
                || (_lastTrimAt is { } last && time.GetElapsedTime(last) < MinInterval))
            {
                return;
            }

            Trim(_atLastTrim, open);
            _previousCollections = GC.CollectionCount(0);
            _atLastTrim = open;
            _lastTrimAt = time.GetTimestamp();
        }
        finally
        {
            _tick.Exit();
        }
    }

    private void Trim(int from, int to)
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var rssBefore = Environment.WorkingSet;
        var started = Stopwatch.GetTimestamp();

        // Aggressive: also decommits the freed regions and shrinks the budgets, which a plain
        // full collection keeps for the allocations it expects next.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var took = Stopwatch.GetElapsedTime(started);
        Interlocked.Increment(ref _trims);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: false);
        var rssAfter = Environment.WorkingSet;
        LogTrimmed(logger, from, to, heapBefore >> 20, heapAfter >> 20, rssBefore >> 20, rssAfter >> 20, took.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 6, EventName = "MemoryTrimmed", Level = LogLevel.Information,
        Message = "Connections went from {From} to {To}: collected and gave memory back (heap {HeapBefore} -> {HeapAfter} MiB, RSS {RssBefore} -> {RssAfter} MiB) in {Milliseconds:0} ms")]
    private static partial void LogTrimmed(ILogger logger, int from, int to, long heapBefore, long heapAfter, long rssBefore, long rssAfter, double milliseconds);
}
