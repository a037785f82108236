using System.Diagnostics;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.History;
using Piazza.Storage.Postgres;
using Piazza.Storage.Tests.Infrastructure;

using static Piazza.Storage.Tests.Infrastructure.TestMessages;

namespace Piazza.Storage.Tests;

/// <summary>
/// What the PostgreSQL store does beyond the specification: group commit on its own, several
/// batches per flush, PostgreSQL going away and coming back, hostile text, its schema version,
/// and never showing the connection string's password.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PostgresMessageStoreTests : IAsyncLifetime
{
    private const string Password = "store-secret-91c2";

    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_writer_commits_on_its_own_within_the_commit_interval()
    {
        await using var store = await OpenAsync(new PostgresStoreOptions { CommitInterval = TimeSpan.FromMilliseconds(20) });

        store.Append(Make("lobby", 0));
        store.Append(Make("lobby", 1));

        // Read under the store, not through it (its reads would flush first): poll the table.
        var deadline = Stopwatch.StartNew();
        long count;
        do
        {
            count = (long)(await _database.Server.ScalarAsync(_database.Name, "SELECT count(*) FROM piazza.messages").WaitAsync(TestTimeouts.Operation))!;
        }
        while (count < 2 && deadline.Elapsed < TestTimeouts.Operation);

        Assert.Equal(2, count);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(25)]
    public async Task A_flush_commits_everything_pending_even_when_it_takes_several_batches(int pending)
    {
        await using var store = await OpenAsync(new PostgresStoreOptions { CommitInterval = TimeSpan.FromMinutes(10), MaxBatch = 10 });
        store.Append(Make("lobby", 0));
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);
        for (var n = 1; n <= pending; n++)
        {
            store.Append(Make("lobby", n));
        }

        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        Assert.Equal(0, store.Health.Pending);
        Assert.Equal(Range(0, pending), Ids(await store.LatestAsync("lobby", 100).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task While_postgres_is_unreachable_append_never_blocks_health_says_why_and_everything_is_written_when_it_is_back()
    {
        var logger = new CapturingLogger();
        await using var store = await OpenAsync(new PostgresStoreOptions { CommitInterval = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(200) }, logger);
        var changes = new List<StoreHealth>();
        var unhealthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.HealthChanged += health =>
        {
            lock (changes)
            {
                changes.Add(health);
            }

            (health.IsHealthy ? healthy : unhealthy).TrySetResult();
        };
        store.Append(Make("lobby", 0));
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        await _database.Server.CutOffAsync(_database.Name).WaitAsync(TestTimeouts.Operation);
        var appending = Stopwatch.StartNew();
        for (var n = 1; n <= 1_000; n++)
        {
            store.Append(Make("lobby", n));
        }

        appending.Stop();
        await unhealthy.Task.WaitAsync(TestTimeouts.Operation);
        var down = store.Health;
        await Assert.ThrowsAsync<PostgresStoreException>(() => store.LatestAsync("lobby", 10).WaitAsync(TestTimeouts.Operation));
        await _database.Server.ReopenAsync(_database.Name).WaitAsync(TestTimeouts.Operation);
        await healthy.Task.WaitAsync(TestTimeouts.Operation);
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        // A thousand appends while PostgreSQL refuses: each one a queue write, far below a round trip.
        Assert.True(appending.Elapsed < TimeSpan.FromSeconds(1), $"1,000 appends took {appending.Elapsed}");
        Assert.False(down.IsHealthy);
        Assert.Contains($"postgresql://127.0.0.1:{_database.Server.Port}/{_database.Name}", down.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, down.Problem, StringComparison.Ordinal);
        Assert.Equal(Range(0, 1_000), Ids(await store.LatestAsync("lobby", 2_000).WaitAsync(TestTimeouts.Operation)));
        Assert.True(store.Health.IsHealthy, store.Health.Problem);
        Assert.Equal(0, store.Health.Dropped);
        Assert.Equal(1, logger.Count(LogLevel.Error, "History store unhealthy"));
        Assert.Equal(1, logger.Count(LogLevel.Information, "is written again"));
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Commit_says_false_while_postgres_is_unreachable_and_true_once_everything_before_it_is_written()
    {
        await using var store = await OpenAsync(new PostgresStoreOptions { CommitInterval = TimeSpan.FromMinutes(10), MaxRetryDelay = TimeSpan.FromMilliseconds(200) });
        Assert.True(store.TryAppend(Make("lobby", 0)));
        Assert.True(await store.CommitAsync().WaitAsync(TestTimeouts.Operation));

        await _database.Server.CutOffAsync(_database.Name).WaitAsync(TestTimeouts.Operation);
        Assert.True(store.TryAppend(Make("lobby", 1)));
        Assert.False(await store.CommitAsync().WaitAsync(TestTimeouts.Operation));

        await _database.Server.ReopenAsync(_database.Name).WaitAsync(TestTimeouts.Operation);
        var clock = Stopwatch.StartNew();
        while (!await store.CommitAsync().WaitAsync(TestTimeouts.Operation))
        {
            Assert.True(clock.Elapsed < TestTimeouts.Operation, "the store did not commit again after PostgreSQL came back");
        }

        // True means written: a reader of the database (not the store's recent tail) has both.
        Assert.Equal(2L, await _database.Server.ScalarAsync(_database.Name, "SELECT count(*) FROM piazza.messages").WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Try_append_says_false_for_a_message_past_the_queue_bound_and_commit_holds_for_the_rest()
    {
        await using var store = await OpenAsync(new PostgresStoreOptions { CommitInterval = TimeSpan.FromMilliseconds(10), MaxPending = 3, MaxRetryDelay = TimeSpan.FromMilliseconds(200) });
        await _database.Server.CutOffAsync(_database.Name).WaitAsync(TestTimeouts.Operation);

        // PostgreSQL refuses: three wait in the queue, the fourth is refused, not silently lost.
        bool[] taken = [.. Enumerable.Range(0, 4).Select(n => store.TryAppend(Make("lobby", n)))];
        Assert.Equal([true, true, true, false], taken);
        Assert.Equal(1, store.Health.Dropped);

        await _database.Server.ReopenAsync(_database.Name).WaitAsync(TestTimeouts.Operation);
        var clock = Stopwatch.StartNew();
        while (!await store.CommitAsync().WaitAsync(TestTimeouts.Operation))
        {
            Assert.True(clock.Elapsed < TestTimeouts.Operation, "the store did not commit again after PostgreSQL came back");
        }

        Assert.Equal(Range(0, 2), Ids(await store.LatestAsync("lobby", 10).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Nul_and_lone_surrogates_become_the_replacement_character_in_every_field_and_quotes_stay_text()
    {
        await using var store = await OpenAsync(new PostgresStoreOptions { CommitInterval = TimeSpan.FromMinutes(10) });
        var hostile = new StoredMessage("id\0-1", At(1), "room'\"; DROP TABLE piazza.messages; --", StoredKind.Message, "n\0ck", "na\uDC00me", "m\0sk!u@h", "a\0b\uD800 " + new string('y', 100_000));
        store.Append(Make("lobby", 0));
        store.Append(hostile);
        store.Append(Make("lobby", 2));
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        var stored = Assert.Single(await store.LatestAsync(hostile.Room, 10).WaitAsync(TestTimeouts.Operation));
        Assert.Equal(["m0", "m2"], Ids(await store.LatestAsync("lobby", 10).WaitAsync(TestTimeouts.Operation)));
        Assert.True(store.Health.IsHealthy, store.Health.Problem);
        Assert.Equal("id\uFFFD-1", stored.MessageId);
        Assert.Equal("n\uFFFDck", stored.SenderNick);
        Assert.Equal("na\uFFFDme", stored.SenderName);
        Assert.Equal("m\uFFFDsk!u@h", stored.SenderMask);
        Assert.Equal("a\uFFFDb\uFFFD " + new string('y', 100_000), stored.Text);
        Assert.Equal(hostile.Room, stored.Room);
        Assert.True(await store.ContainsAsync(hostile.Room, "id\0-1").WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task The_schema_version_is_recorded_and_a_newer_one_is_refused_without_a_change()
    {
        await using (var store = await OpenAsync(new PostgresStoreOptions()))
        {
            store.Append(Make("lobby", 0));
        }

        Assert.Equal(1, await _database.Server.ScalarAsync(_database.Name, "SELECT version FROM piazza.schema_version").WaitAsync(TestTimeouts.Operation));
        await _database.Server.ScalarAsync(_database.Name, "UPDATE piazza.schema_version SET version = 99").WaitAsync(TestTimeouts.Operation);

        var refused = await Assert.ThrowsAsync<PostgresStoreException>(() => OpenAsync(new PostgresStoreOptions()));

        Assert.Contains("schema is version 99", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, refused.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await _database.Server.ScalarAsync(_database.Name, "SELECT count(*) FROM piazza.messages").WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task An_unreachable_database_fails_to_open_naming_host_and_database_but_not_the_password()
    {
        await _database.Server.CutOffAsync(_database.Name).WaitAsync(TestTimeouts.Operation);

        var refused = await Assert.ThrowsAsync<PostgresStoreException>(() => OpenAsync(new PostgresStoreOptions()));

        Assert.StartsWith($"History database postgresql://127.0.0.1:{_database.Server.Port}/{_database.Name}: cannot open it", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, refused.ToString(), StringComparison.Ordinal);
    }

    private async Task<PostgresMessageStore> OpenAsync(PostgresStoreOptions options, ILogger? logger = null)
    {
        options.ConnectionString = _database.ConnectionString(Password);
        return await PostgresMessageStore.OpenAsync(options, logger ?? NullLogger.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TestTimeouts.Operation);
    }
}
