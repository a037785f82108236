using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Storage.Sqlite;
using Piazza.Storage.Tests.Infrastructure;

using static Piazza.Storage.Tests.Infrastructure.TestMessages;

namespace Piazza.Storage.Tests;

/// <summary>The writer's group commit and FlushAsync, with a commit interval no test waits out.</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly TempDatabase _database = TempDatabase.Create();

    public void Dispose() => _database.Dispose();

    /// <summary>
    /// More than one batch pending at a flush: every batch it waits for commits at once. (It used
    /// to be that only the first did, the full ones after it too, and the last partial one waited
    /// out the commit interval: found by the concurrent-appends specification test under load.)
    /// </summary>
    [Theory]
    [InlineData(25)]
    [InlineData(30)]
    [InlineData(5)]
    public async Task A_flush_commits_everything_pending_even_when_it_takes_several_batches(int pending)
    {
        var options = new SqliteStoreOptions { Path = _database.Path, CommitInterval = TimeSpan.FromMinutes(10), MaxBatch = 10 };
        await using var store = await SqliteMessageStore.OpenAsync(options, NullLogger.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TestTimeouts.Operation);
        store.Append(Make("lobby", 0));
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        // The writer has committed once and now waits out the interval (or a full batch).
        for (var n = 1; n <= pending; n++)
        {
            store.Append(Make("lobby", n));
        }

        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        Assert.Equal(0, store.Health.Pending);
        Assert.Equal(Range(0, pending), Ids(await store.LatestAsync("lobby", 100).WaitAsync(TestTimeouts.Operation)));
    }

    /// <summary>Health's write lag is the time from the oldest message of the last batch being said to its commit.</summary>
    [Fact]
    public async Task The_write_lag_is_how_old_the_message_was_when_its_batch_committed()
    {
        var options = new SqliteStoreOptions { Path = _database.Path, CommitInterval = TimeSpan.FromMinutes(10), MaxBatch = 10 };
        await using var store = await SqliteMessageStore.OpenAsync(options, NullLogger.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TestTimeouts.Operation);
        Assert.Equal(TimeSpan.Zero, store.Health.WriteLag);

        // The writer may commit as soon as the message is appended: "before" is taken first.
        var before = DateTimeOffset.UtcNow;
        var saidAt = before - TimeSpan.FromSeconds(30);
        store.Append(Make("lobby", 0) with { Time = saidAt });
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);
        var after = DateTimeOffset.UtcNow;

        Assert.InRange(store.Health.WriteLag, before - saidAt, after - saidAt);
    }
}
