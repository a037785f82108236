using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.History;
using Piazza.Storage.Sqlite;
using Piazza.Storage.Tests.Infrastructure;

using static Piazza.Storage.Tests.Infrastructure.TestMessages;

namespace Piazza.Storage.Tests;

/// <summary>The SQLite store and its file: what survives, what is refused (and left untouched), how it is laid out.</summary>
public sealed class SqliteStoreFileTests : IDisposable
{
    private readonly TempDatabase _database = TempDatabase.Create();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Messages_survive_closing_and_reopening()
    {
        await using (var store = await OpenAsync())
        {
            for (var n = 0; n < 100; n++)
            {
                store.Append(Make("lobby", n));
            }

            // No flush: closing writes what is queued.
        }

        await using (var store = await OpenAsync())
        {
            Assert.Equal(Range(0, 99), Ids(await store.LatestAsync("lobby", 1_000).WaitAsync(TestTimeouts.Operation)));
            store.Append(Make("lobby", 100));
        }

        await using (var store = await OpenAsync())
        {
            Assert.Equal(Range(96, 100), Ids(await store.LatestAsync("lobby", 5).WaitAsync(TestTimeouts.Operation)));
        }
    }

    [Fact]
    public async Task A_rename_survives_closing_and_reopening_even_unflushed()
    {
        await using (var store = await OpenAsync())
        {
            store.Append(Make("dev", 0));
            store.Append(Make("dev", 1));
            store.Rename("dev", "Ops");
            store.Append(Make("dev", 2)); // a new room under the old name

            // No flush: closing writes what is queued, in order.
        }

        await using (var store = await OpenAsync())
        {
            var moved = await store.LatestAsync("ops", 10).WaitAsync(TestTimeouts.Operation);
            Assert.Equal(Ids(0, 1), Ids(moved));
            Assert.All(moved, m => Assert.Equal("Ops", m.Room));
            Assert.Equal(Ids(2), Ids(await store.LatestAsync("dev", 10).WaitAsync(TestTimeouts.Operation)));
        }

        Assert.Equal(2L, RawSqlite.Scalar(_database.Path, "SELECT count(*) FROM messages WHERE room_key = 'ops' AND room = 'Ops'"));
    }

    [Fact]
    public async Task A_new_file_is_marked_as_Piazzas_and_uses_WAL()
    {
        await using (await OpenAsync())
        {
        }

        Assert.Equal(0x5049_415AL, RawSqlite.Scalar(_database.Path, "PRAGMA application_id"));
        Assert.Equal(8L, RawSqlite.Scalar(_database.Path, "PRAGMA user_version")); // 2: server_bans, 3: accounts, 4: room_topics, 5: read_markers, 6: accounts.is_operator, 7: conversations, 8: registered rooms
        Assert.Equal("wal", RawSqlite.Scalar(_database.Path, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Missing_folders_are_created()
    {
        using var nested = TempDatabase.InNewFolder();

        await using (var store = await SqliteMessageStore.OpenAsync(new SqliteStoreOptions { Path = nested.Path }, NullLogger.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TestTimeouts.Operation))
        {
            store.Append(Make("lobby", 1));
        }

        Assert.True(File.Exists(nested.Path));
    }

    [Fact]
    public async Task An_empty_file_becomes_a_new_database()
    {
        await File.WriteAllBytesAsync(_database.Path, []);

        await using var store = await OpenAsync();
        store.Append(Make("lobby", 1));
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        Assert.Equal(Ids(1), Ids(await store.LatestAsync("lobby", 5).WaitAsync(TestTimeouts.Operation)));
    }

    [Theory]
    [InlineData(50)]
    [InlineData(4_096)]
    [InlineData(100_000)]
    public async Task A_file_of_random_bytes_is_refused_and_left_unchanged(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        await File.WriteAllBytesAsync(_database.Path, bytes);

        var error = await AssertRefusedAsync();

        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_file_is_refused_and_left_unchanged()
    {
        await File.WriteAllTextAsync(_database.Path, "these are my notes, not a database\n");

        await AssertRefusedAsync();
    }

    [Fact]
    public async Task Another_applications_database_is_refused_and_left_unchanged()
    {
        RawSqlite.Execute(_database.Path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me');");

        var error = await AssertRefusedAsync();

        Assert.Contains("not Piazza's", error.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", RawSqlite.Scalar(_database.Path, "SELECT body FROM notes"));
    }

    [Fact]
    public async Task A_database_with_another_application_id_is_refused_and_left_unchanged()
    {
        RawSqlite.Execute(_database.Path, "PRAGMA application_id = 1234; CREATE TABLE t (x);");

        var error = await AssertRefusedAsync();

        Assert.Contains("another application", error.Message, StringComparison.Ordinal);
        Assert.Contains("0x000004d2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_newer_schema_is_refused_and_left_unchanged()
    {
        await using (var store = await OpenAsync())
        {
            store.Append(Make("lobby", 1));
        }

        RawSqlite.Execute(_database.Path, "PRAGMA user_version = 99");

        var error = await AssertRefusedAsync();

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_database_is_refused_and_left_unchanged()
    {
        await using (var store = await OpenAsync())
        {
            for (var n = 0; n < 3_000; n++)
            {
                store.Append(Make("lobby", n));
            }
        }

        // Scribble over pages in the middle of the file (past the header page and the schema).
        var bytes = await File.ReadAllBytesAsync(_database.Path);
        Assert.True(bytes.Length > 40 * 4096, $"the file has {bytes.Length} bytes");
        new Random(7).NextBytes(bytes.AsSpan(10 * 4096, 20 * 4096));
        await File.WriteAllBytesAsync(_database.Path, bytes);

        var error = await AssertRefusedAsync();

        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_thousand_appends_then_a_flush_are_all_readable()
    {
        await using var store = await OpenAsync();
        for (var n = 0; n < 10_000; n++)
        {
            store.Append(Make("lobby", n));
        }

        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        Assert.Equal(Range(0, 9_999), Ids(await store.LatestAsync("lobby", 20_000).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(0, store.Health.Pending);
        Assert.Equal(0, store.Health.Dropped);
    }

    [Fact]
    public async Task A_prune_larger_than_one_chunk_takes_turns_with_appends()
    {
        await using var store = await OpenAsync();
        for (var n = 0; n < 12_000; n++)
        {
            store.Append(Make("big", n));
        }

        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        var prune = store.PruneAsync(At(6_000), keepPerRoom: 2_000);
        for (var n = 0; n < 1_000; n++)
        {
            store.Append(Make("small", 20_000 + n, id: $"s{n}")); // newer than the age limit
        }

        Assert.Equal(10_000, await prune.WaitAsync(TestTimeouts.Operation));
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);
        Assert.Equal(Range(10_000, 11_999), Ids(await store.LatestAsync("big", 5_000).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(1_000, (await store.LatestAsync("small", 5_000).WaitAsync(TestTimeouts.Operation)).Count);
    }

    [Fact]
    public async Task A_msgid_stored_twice_keeps_the_first_and_loses_nothing_else()
    {
        await using var store = await OpenAsync();
        store.Append(Make("lobby", 1));
        store.Append(Make("lobby", 2) with { MessageId = "m1", Text = "a replay" });
        store.Append(Make("lobby", 3));
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        var stored = await store.LatestAsync("lobby", 10).WaitAsync(TestTimeouts.Operation);
        Assert.Equal(Ids(1, 3), Ids(stored));
        Assert.Equal("text 1", stored[0].Text);
    }

    /// <summary>"latest N" and "before/after msgid" are one seek on an index each, never a scan.</summary>
    [Fact]
    public async Task History_queries_are_index_seeks()
    {
        await using (var store = await OpenAsync())
        {
            for (var n = 0; n < 2_000; n++)
            {
                store.Append(Make($"room{n % 10}", n));
            }
        }

        using var connection = RawSqlite.Open(_database.Path, Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly);
        (string, object)[] parameters = [("$room", "room1"), ("$limit", 50), ("$half", 25), ("$point", "m501"), ("$first", "m101"), ("$last", "m901")];
        string[] queries = [SqliteMessageStore.LatestSql, SqliteMessageStore.BeforeSql[1], SqliteMessageStore.AfterSql[1], SqliteMessageStore.AroundSql[1], .. SqliteMessageStore.BetweenSql];
        foreach (var sql in queries)
        {
            var plan = RawSqlite.Column(connection, "EXPLAIN QUERY PLAN " + sql, parameters);
            Assert.Contains(plan, step => step.StartsWith("SEARCH messages USING INDEX messages_room_seq (room_key=?", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal) || step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }

        var byMsgid = RawSqlite.Column(connection, "EXPLAIN QUERY PLAN " + SqliteMessageStore.BeforeSql[1], parameters);
        Assert.Contains(byMsgid, step => step.StartsWith("SEARCH messages USING INDEX messages_msgid (msgid=?)", StringComparison.Ordinal) || step.StartsWith("SEARCH messages USING COVERING INDEX messages_msgid (msgid=?)", StringComparison.Ordinal));
        var contains = RawSqlite.Column(connection, "EXPLAIN QUERY PLAN " + SqliteMessageStore.ContainsSql, parameters);
        Assert.Equal(["SEARCH messages USING INDEX messages_msgid (msgid=?)"], contains);
        var byTime = RawSqlite.Column(connection, "EXPLAIN QUERY PLAN " + SqliteMessageStore.BeforeSql[0], [("$room", "room1"), ("$limit", 50), ("$point", 0L)]);
        Assert.Contains(byTime, step => step.StartsWith("SEARCH messages USING COVERING INDEX messages_room_time (room_key=? AND time>?)", StringComparison.Ordinal));
    }

    private Task<SqliteMessageStore> OpenAsync() =>
        SqliteMessageStore.OpenAsync(new SqliteStoreOptions { Path = _database.Path }, NullLogger.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TestTimeouts.Operation);

    /// <summary>Opening fails with an error that names the file, and the file's bytes are the same after.</summary>
    private async Task<HistoryStoreException> AssertRefusedAsync()
    {
        var before = await File.ReadAllBytesAsync(_database.Path);

        var error = await Assert.ThrowsAsync<HistoryStoreException>(OpenAsync);

        Assert.Contains(_database.Path, error.Message, StringComparison.Ordinal);
        Assert.Equal(_database.Path, error.Path);
        Assert.Equal(before, await File.ReadAllBytesAsync(_database.Path));
        Assert.False(File.Exists(_database.Path + "-wal"), "a -wal file was created beside the refused file");
        return error;
    }
}
