using Microsoft.Extensions.Logging;

using Piazza.Core.History;
using Piazza.Storage.Sqlite;
using Piazza.Storage.Tests.Infrastructure;

using static Piazza.Storage.Tests.Infrastructure.TestMessages;

namespace Piazza.Storage.Tests;

/// <summary>
/// Writing fails while the server runs (read-only file, full disk): chat goes on, the store says
/// so once, keeps the messages, and writes again by itself when it can.
/// </summary>
/// <remarks>
/// chmod 0444 cannot make these failures: root (which CI may run as) writes anyway, and the
/// writer's open file descriptor keeps its write access whoever runs it. So the store's test seam
/// has SQLite itself refuse the writer's connection: <c>PRAGMA query_only</c> fails writes with
/// SQLITE_READONLY, <c>PRAGMA max_page_count</c> at the file's size with SQLITE_FULL, the codes a
/// read-only file and a full disk give (see SqliteMessageStore.Faults.cs).
/// </remarks>
public sealed class SqliteWriteFailureTests : IDisposable
{
    private readonly TempDatabase _database = TempDatabase.Create();
    private readonly CapturingLogger _logger = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("ReadOnly", "SQLite error 8")]
    [InlineData("DiskFull", "SQLite error 13")]
    public async Task A_write_failure_is_reported_once_chat_goes_on_and_writing_resumes_by_itself(string faultName, string code)
    {
        var fault = Enum.Parse<SqliteMessageStore.WriteFault>(faultName);
        await using var store = await OpenAsync(maxPending: 100_000);
        await AppendAsync(store, 0, 10);
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        store.InjectWriteFault(fault);
        var appendError = Record.Exception(() => Append(store, 10, 290));
        Assert.Null(appendError);

        // A flush during the outage resolves after the writer's attempt; each starts one more.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await store.FlushAsync().WaitAsync(TestTimeouts.Operation);
            Append(store, 300 + attempt, 1);
        }

        var health = store.Health;
        Assert.False(health.IsHealthy);
        Assert.Contains(_database.Path, health.Problem, StringComparison.Ordinal);
        Assert.Contains(code, health.Problem, StringComparison.Ordinal);
        Assert.Equal(293, health.Pending);
        Assert.Equal(0, health.Dropped);
        Assert.Equal(1, _logger.Count(LogLevel.Error, "cannot write"));

        var healthy = WhenHealthy(store);
        store.InjectWriteFault(SqliteMessageStore.WriteFault.None);
        await healthy.WaitAsync(TestTimeouts.Operation);

        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);
        Assert.True(store.Health.IsHealthy, store.Health.Problem);
        Assert.Equal(Range(0, 302), Ids(await store.LatestAsync("lobby", 1_000).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(1, _logger.Count(LogLevel.Error, "cannot write"));
        Assert.Equal(1, _logger.Count(LogLevel.Information, "written again"));
    }

    [Fact]
    public async Task A_rename_during_an_outage_is_kept_past_a_full_queue_and_done_when_writing_resumes()
    {
        await using var store = await OpenAsync(maxPending: 5);
        await AppendAsync(store, 0, 3);
        store.InjectWriteFault(SqliteMessageStore.WriteFault.ReadOnly);
        Append(store, 3, 2);
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);
        Append(store, 5, 10); // m5..m7 fill the queue (5 pending), the rest is dropped
        Assert.Equal(7, store.Health.Dropped);

        store.Rename("lobby", "hall");
        Assert.Equal(6, store.Health.Pending); // queued past the limit, not dropped
        Assert.Equal(7, store.Health.Dropped);

        var healthy = WhenHealthy(store);
        store.InjectWriteFault(SqliteMessageStore.WriteFault.None);
        await healthy.WaitAsync(TestTimeouts.Operation);
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        // What was kept (stored before, or queued during the outage) moved; a lost move would leave it under lobby.
        Assert.Equal(Range(0, 7), Ids(await store.LatestAsync("hall", 100).WaitAsync(TestTimeouts.Operation)));
        Assert.Empty(await store.LatestAsync("lobby", 100).WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_without_throwing_and_recovers()
    {
        await using var store = await OpenAsync(maxPending: 50);
        store.InjectWriteFault(SqliteMessageStore.WriteFault.ReadOnly);
        Append(store, 0, 1);
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        var appendError = Record.Exception(() => Append(store, 1, 200));

        Assert.Null(appendError);
        var health = store.Health;
        Assert.False(health.IsHealthy);
        Assert.Equal(50, health.Pending);
        Assert.Equal(151, health.Dropped);

        var healthy = WhenHealthy(store);
        store.InjectWriteFault(SqliteMessageStore.WriteFault.None);
        await healthy.WaitAsync(TestTimeouts.Operation);
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        Assert.Equal(Range(0, 49), Ids(await store.LatestAsync("lobby", 1_000).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(151, store.Health.Dropped);
        Assert.Equal(1, _logger.Count(LogLevel.Warning, "are dropped until"));
        Assert.Equal(1, _logger.Count(LogLevel.Information, "caught up"));
    }

    [Fact]
    public async Task Closing_while_writing_fails_drops_what_is_queued_and_does_not_hang()
    {
        var store = await OpenAsync(maxPending: 100_000);
        await AppendAsync(store, 0, 5);
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);
        store.InjectWriteFault(SqliteMessageStore.WriteFault.ReadOnly);
        Append(store, 5, 20);
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        await store.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Operation);

        Assert.Equal(20, store.Health.Dropped);
        Assert.Equal(0, store.Health.Pending);
        Assert.Equal(1, _logger.Count(LogLevel.Warning, "closed with 20 messages unwritten"));
        store.Append(Make("lobby", 99)); // after closing: dropped, no exception
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        await using var reopened = await OpenAsync(maxPending: 100_000);
        Assert.Equal(Range(0, 4), Ids(await reopened.LatestAsync("lobby", 100).WaitAsync(TestTimeouts.Operation)));
    }

    private static void Append(SqliteMessageStore store, int first, int count)
    {
        for (var n = first; n < first + count; n++)
        {
            // 2 KB of text: a full disk shows only when new pages are needed.
            store.Append(Make("lobby", n) with { Text = new string('x', 2_048) });
        }
    }

    private static Task AppendAsync(SqliteMessageStore store, int first, int count)
    {
        Append(store, first, count);
        return store.FlushAsync().WaitAsync(TestTimeouts.Operation);
    }

    /// <summary>Completes when the writer next reports the store healthy (subscribe before causing it).</summary>
    private static Task WhenHealthy(SqliteMessageStore store)
    {
        var healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.HealthChanged += health =>
        {
            if (health.IsHealthy)
            {
                healthy.TrySetResult();
            }
        };
        return healthy.Task;
    }

    private Task<SqliteMessageStore> OpenAsync(int maxPending)
    {
        var options = new SqliteStoreOptions
        {
            Path = _database.Path,
            MaxPending = maxPending,
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        };
        return SqliteMessageStore.OpenAsync(options, _logger, TimeProvider.System, CancellationToken.None).WaitAsync(TestTimeouts.Operation);
    }
}
