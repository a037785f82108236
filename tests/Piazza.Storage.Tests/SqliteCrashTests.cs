using System.Globalization;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Storage.Sqlite;
using Piazza.Storage.Tests.Infrastructure;

using Xunit.Abstractions;

namespace Piazza.Storage.Tests;

/// <summary>
/// kill -9 of a process that is writing history, again and again on the same file: the file
/// is never corrupt, every message whose FlushAsync had completed is there, and under a steady
/// load without flushes what is lost is only the newest messages, of about one commit interval.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class SqliteCrashTests : IDisposable
{
    private const int Runs = 6;

    private readonly TempDatabase _database = TempDatabase.Create();
    private readonly ITestOutputHelper _output;

    public SqliteCrashTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _database.Dispose();
    }

    [Fact]
    public async Task Killing_the_writer_mid_write_never_corrupts_and_keeps_every_flushed_message()
    {
        var flushedPerRun = new Dictionary<int, long>();
        for (var run = 1; run <= Runs; run++)
        {
            await using var child = CrashWriterProcess.Start(_database.Path, run);
            var first = await child.ReadLineAsync();
            Assert.True(first == "ready", $"run {run}: the crash writer said '{first}' instead of 'ready'; stderr: {child.Errors}");

            // Let a varying number of rounds complete, then kill it while it appends and commits the next.
            var rounds = 2 + (run * 5 % 7);
            long flushed = 0;
            for (var i = 0; i < rounds; i++)
            {
                flushed = ParseFlushed(await child.ReadLineAsync());
            }

            await child.KillAsync();

            // Lines still in the pipe were printed before the kill: those flushes completed too.
            while (await child.ReadLineAsync() is { } line)
            {
                flushed = ParseFlushed(line);
            }

            flushedPerRun[run] = flushed;
            AssertIntactWithEveryFlushedMessage(flushedPerRun);
        }

        // And the store itself opens the crashed file (its quick_check passes) and reads it.
        await using var store = await SqliteMessageStore.OpenAsync(new SqliteStoreOptions { Path = _database.Path }, NullLogger.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TestTimeouts.Operation);
        var latest = await store.LatestAsync("crash", 1).WaitAsync(TestTimeouts.Operation);
        Assert.StartsWith($"{Runs}-", Assert.Single(latest).MessageId, StringComparison.Ordinal);
    }

    private static long ParseFlushed(string? line)
    {
        Assert.NotNull(line);
        Assert.StartsWith("flushed ", line, StringComparison.Ordinal);
        return long.Parse(line.AsSpan("flushed ".Length), CultureInfo.InvariantCulture);
    }

    /// <summary>Looks at the file as the killed process left it (hot WAL and all), read-only.</summary>
    private void AssertIntactWithEveryFlushedMessage(Dictionary<int, long> flushedPerRun)
    {
        using var connection = RawSqlite.Open(_database.Path, SqliteOpenMode.ReadOnly);
        Assert.Equal(["ok"], RawSqlite.Column(connection, "PRAGMA integrity_check"));
        var stored = RawSqlite.Column(connection, "SELECT msgid FROM messages").ToHashSet(StringComparer.Ordinal);
        foreach (var (run, flushed) in flushedPerRun)
        {
            Assert.True(flushed > 0, $"run {run} flushed nothing before the kill");
            for (var n = 0L; n < flushed; n++)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"{run}-{n}");
                Assert.True(stored.Contains(id), $"run {run}: {id} was flushed before the kill but is missing ({flushed} flushed)");
            }
        }
    }
}
