using System.Diagnostics;
using System.Globalization;

using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.History;
using Piazza.Storage.Bench;
using Piazza.Storage.Sqlite;

// Usage: dotnet run -c Release --project bench/Piazza.Storage.Bench [-- <messages> <rooms>]
//
// 1. Fill: <messages> (default 1,000,000), made beforehand, appended as fast as one thread can
//    into <rooms> (default 100) rooms, then FlushAsync: messages stored per second through the
//    real writer, from the first Append to the end of the flush.
// 2. Queries at that size: "latest 50" in a random room, "before msgid" (50) at a random stored
//    msgid; median and p99 over 20,000 of each, after 2,000 of each to warm up.
// 3. Sustained: 50,000 messages/s offered for 10 s with the default options (MaxPending
//    100,000): the most messages ever pending, and how many were dropped.
// 4. Reopen: how long OpenAsync takes on the full file (quick_check reads every page).
var culture = CultureInfo.InvariantCulture;
var total = args.Length > 0 ? int.Parse(args[0], culture) : 1_000_000;
var rooms = args.Length > 1 ? int.Parse(args[1], culture) : 100;
var path = Path.Combine(Path.GetTempPath(), $"piazza-history-bench-{Guid.NewGuid():N}.db");
var messages = new MessageFactory(rooms);
using (var probe = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:"))
{
    probe.Open();
    Console.WriteLine($"file {path}; {total:N0} messages in {rooms} rooms; {Environment.ProcessorCount} cores; SQLite {probe.ServerVersion}; {LoadAverage()}");
}

try
{
    // 1. Fill. MaxPending is raised so the producer never drops: this measures the writer.
    var fillOptions = new SqliteStoreOptions { Path = path, MaxPending = total + 1 };
    await using (var store = await SqliteMessageStore.OpenAsync(fillOptions, NullLogger.Instance, TimeProvider.System, CancellationToken.None))
    {
        var batch = messages.Make(total);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        foreach (var message in batch)
        {
            store.Append(message);
        }

        var appended = clock.Elapsed;
        await store.FlushAsync();
        var stored = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine($"fill: {total:N0} appended in {appended.TotalSeconds:F2} s ({appended.TotalNanoseconds / total:F0} ns/append), stored in {stored.TotalSeconds:F2} s = {total / stored.TotalSeconds:N0} messages/s; dropped {store.Health.Dropped}");
        Console.WriteLine($"fill: {cpu.TotalSeconds:F2} s of CPU (appends + writer + GC) = {total / cpu.TotalSeconds:N0} messages per CPU-second");
        batch = null;

        // 2. Queries.
        var random = new Random(42);
        var latest = await Latency.MeasureAsync(20_000, 2_000, () => store.LatestAsync(messages.Room(random.Next(rooms)), 50));
        var before = await Latency.MeasureAsync(20_000, 2_000, () => store.BeforeAsync(messages.Room(random.Next(rooms)), HistoryPoint.AtMessage(messages.Id(random.Next(total))), 50));
        Console.WriteLine($"latest 50:         median {latest.Median:F1} µs, p99 {latest.P99:F1} µs (at {total:N0} messages)");
        Console.WriteLine($"before msgid (50): median {before.Median:F1} µs, p99 {before.P99:F1} µs (at {total:N0} messages)");
    }

    // 3. Sustained offered load with the default options: 50,000 messages/s for 10 s, sent
    //    every 10 ms as a burst of what is due by then (a late tick catches up).
    await using (var store = await SqliteMessageStore.OpenAsync(new SqliteStoreOptions { Path = path }, NullLogger.Instance, TimeProvider.System, CancellationToken.None))
    {
        const int Rate = 50_000;
        var duration = TimeSpan.FromSeconds(10);
        var offer = messages.Make((int)(Rate * duration.TotalSeconds));
        var sent = 0;
        var maxPending = 0L;
        var appending = 0L;
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (sent < offer.Length)
        {
            var due = Math.Min(offer.Length, (int)(clock.Elapsed.TotalSeconds * Rate));
            var started = Stopwatch.GetTimestamp();
            for (; sent < due; sent++)
            {
                store.Append(offer[sent]);
            }

            appending += Stopwatch.GetTimestamp() - started;
            maxPending = Math.Max(maxPending, store.Health.Pending);
            await timer.WaitForNextTickAsync();
        }

        var offered = clock.Elapsed;
        await store.FlushAsync();
        Console.WriteLine($"sustained: {sent:N0} offered over {offered.TotalSeconds:F1} s ({sent / offered.TotalSeconds:N0}/s); most pending {maxPending:N0}; dropped {store.Health.Dropped}; all stored {clock.Elapsed.TotalSeconds - offered.TotalSeconds:F3} s after the last append");
        Console.WriteLine($"sustained: Append took {appending * 1e9 / Stopwatch.Frequency / sent:F0} ns on average (in bursts, the writer draining meanwhile)");
    }

    // 4. Reopen.
    var reopen = Stopwatch.StartNew();
    await using (await SqliteMessageStore.OpenAsync(new SqliteStoreOptions { Path = path }, NullLogger.Instance, TimeProvider.System, CancellationToken.None))
    {
        Console.WriteLine($"reopen: {reopen.Elapsed.TotalMilliseconds:F0} ms for {new FileInfo(path).Length / 1e6:F0} MB ({messages.Count:N0} messages)");
    }
}
finally
{
    Console.WriteLine(LoadAverage());
    foreach (var suffix in (string[])["", "-wal", "-shm"])
    {
        File.Delete(path + suffix);
    }
}

// The machine is shared: say how busy it was (Linux).
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "load average unknown";
