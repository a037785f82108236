using Piazza.Core.History;
using Piazza.Storage.Tests.Infrastructure;

using static Piazza.Storage.Tests.Infrastructure.TestMessages;

namespace Piazza.Storage.Tests;

/// <summary>
/// What every <see cref="IMessageStore"/> does, run against each implementation by a subclass.
/// Reads are made after <see cref="IMessageStore.FlushAsync"/>: a store may show a message only
/// once it is written. Messages "m{n}" are said n seconds after <see cref="TestMessages.Start"/>.
/// </summary>
public abstract partial class MessageStoreSpecification : IAsyncLifetime
{
    private IMessageStore? _store;

    protected IMessageStore Store => _store ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync() => _store = await CreateStoreAsync().WaitAsync(TestTimeouts.Operation);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Operation);
        }

        await CleanUpAsync();
    }

    /// <summary>A new, empty store for one test.</summary>
    protected abstract Task<IMessageStore> CreateStoreAsync();

    /// <summary>Removes what <see cref="CreateStoreAsync"/> made, after the store is disposed.</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    [Fact]
    public async Task Latest_returns_the_newest_messages_oldest_first()
    {
        await SeedAsync("lobby", 10);

        Assert.Equal(Ids(7, 8, 9), Ids(await Store.LatestAsync("lobby", 3).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task A_read_sees_what_was_appended_before_it_without_a_flush()
    {
        // Someone joining just after a message must find it in the history they are replayed.
        for (var n = 0; n < 3; n++)
        {
            Store.Append(Make("lobby", n));
        }

        Assert.Equal(Range(0, 2), Ids(await Store.LatestAsync("lobby", 10).WaitAsync(TestTimeouts.Operation)));
        Store.Append(Make("lobby", 3));
        Assert.Equal(Ids(3), Ids(await Store.AfterAsync("lobby", HistoryPoint.AtMessage("m2"), 10).WaitAsync(TestTimeouts.Operation)));
        Store.Append(Make("lobby", 5));
        Assert.True(await Store.ContainsAsync("lobby", "m5").WaitAsync(TestTimeouts.Operation));
        Store.Append(Make("dev", 4));
        Assert.Contains("dev", Normalize(await Store.TargetsAsync(At(-1), At(100), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation)).Select(t => t.Item1));
    }

    [Fact]
    public async Task Latest_with_a_limit_above_the_count_returns_all()
    {
        await SeedAsync("lobby", 5);

        Assert.Equal(Range(0, 4), Ids(await Store.LatestAsync("lobby", 100).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task A_room_without_messages_has_no_history()
    {
        await SeedAsync("lobby", 3);

        Assert.Empty(await Store.LatestAsync("elsewhere", 10).WaitAsync(TestTimeouts.Operation));
        Assert.Empty(await Store.BeforeAsync("elsewhere", HistoryPoint.AtTime(At(100)), 10).WaitAsync(TestTimeouts.Operation));
        Assert.Empty(await Store.AfterAsync("elsewhere", HistoryPoint.AtTime(At(-100)), 10).WaitAsync(TestTimeouts.Operation));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_limit_of_zero_or_less_returns_nothing(int limit)
    {
        await SeedAsync("lobby", 10);
        var point = HistoryPoint.AtMessage("m5");

        Assert.Empty(await Store.LatestAsync("lobby", limit).WaitAsync(TestTimeouts.Operation));
        Assert.Empty(await Store.BeforeAsync("lobby", point, limit).WaitAsync(TestTimeouts.Operation));
        Assert.Empty(await Store.AfterAsync("lobby", point, limit).WaitAsync(TestTimeouts.Operation));
        Assert.Empty(await Store.AroundAsync("lobby", point, limit).WaitAsync(TestTimeouts.Operation));
        Assert.Empty(await Store.BetweenAsync("lobby", HistoryPoint.AtMessage("m1"), point, limit).WaitAsync(TestTimeouts.Operation));
        Assert.Empty(await Store.TargetsAsync(At(-1), At(100), limit, newestFirst: false).WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Rooms_compare_case_insensitively_and_without_the_hash()
    {
        Store.Append(Make("Lobby", 0));
        Store.Append(Make("LOBBY", 1));
        Store.Append(Make("lobby", 2));
        await FlushAsync();

        foreach (var name in (string[])["lobby", "LOBBY", "Lobby", "#lobby", "#LoBbY"])
        {
            Assert.Equal(Range(0, 2), Ids(await Store.LatestAsync(name, 10).WaitAsync(TestTimeouts.Operation)));
        }

        Assert.Equal(Ids(0), Ids(await Store.BeforeAsync("#LOBBY", HistoryPoint.AtMessage("m1"), 10).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Rooms_are_kept_apart()
    {
        for (var n = 0; n < 10; n++)
        {
            Store.Append(Make(n % 2 == 0 ? "even" : "odd", n));
        }

        await FlushAsync();

        Assert.Equal(Ids(0, 2, 4, 6, 8), Ids(await Store.LatestAsync("even", 10).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(1, 3, 5, 7, 9), Ids(await Store.LatestAsync("odd", 10).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(2, 4), Ids(await Store.BeforeAsync("even", HistoryPoint.AtMessage("m6"), 2).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(7, 9), Ids(await Store.AfterAsync("odd", HistoryPoint.AtMessage("m5"), 10).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Messages_come_back_with_every_field_as_stored()
    {
        StoredMessage[] messages =
        [
            new("a1", Start.AddTicks(1_234_567), "Lobby", StoredKind.Message, "ann", "ann", "ann!a@host", "hello, wörld ✓ \"quoted\" 'single'"),
            new("a2", new DateTimeOffset(2026, 3, 1, 14, 0, 1, TimeSpan.FromHours(2)).AddTicks(9), "Lobby", StoredKind.Action, "bob", "127.0.0.1:5000", "bob!b@10.0.0.1", "waves"),
            new("a3", Start.AddSeconds(2), "Lobby", StoredKind.Notice, "srv", "srv", "srv!s@h", ""),
            new("a4", Start.AddSeconds(3), "Lobby", StoredKind.Topic, "ann", "ann", "ann!a@host", "the new topic; DROP TABLE messages; --"),
        ];
        foreach (var message in messages)
        {
            Store.Append(message);
        }

        await FlushAsync();

        var read = await Store.LatestAsync("lobby", 10).WaitAsync(TestTimeouts.Operation);
        Assert.Equal(messages, read);
        Assert.All(read.Zip(messages), pair => Assert.Equal(pair.Second.Time.UtcTicks, pair.First.Time.UtcTicks));
    }

    [Fact]
    public async Task Before_a_msgid_returns_the_nearest_older_messages()
    {
        await SeedAsync("lobby", 10);

        Assert.Equal(Ids(2, 3, 4), Ids(await Store.BeforeAsync("lobby", HistoryPoint.AtMessage("m5"), 3).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(0, 4), Ids(await Store.BeforeAsync("lobby", HistoryPoint.AtMessage("m5"), 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Empty(await Store.BeforeAsync("lobby", HistoryPoint.AtMessage("m0"), 3).WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task After_a_msgid_returns_the_nearest_newer_messages()
    {
        await SeedAsync("lobby", 10);

        Assert.Equal(Ids(6, 7, 8), Ids(await Store.AfterAsync("lobby", HistoryPoint.AtMessage("m5"), 3).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(6, 9), Ids(await Store.AfterAsync("lobby", HistoryPoint.AtMessage("m5"), 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Empty(await Store.AfterAsync("lobby", HistoryPoint.AtMessage("m9"), 3).WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Before_and_after_a_time_exclude_a_message_at_that_time()
    {
        await SeedAsync("lobby", 10);

        Assert.Equal(Ids(2, 3, 4), Ids(await Store.BeforeAsync("lobby", HistoryPoint.AtTime(At(5)), 3).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(6, 7, 8), Ids(await Store.AfterAsync("lobby", HistoryPoint.AtTime(At(5)), 3).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Before_and_after_a_time_between_messages()
    {
        await SeedAsync("lobby", 10);
        var between = HistoryPoint.AtTime(At(5).AddMilliseconds(500));

        Assert.Equal(Ids(3, 4, 5), Ids(await Store.BeforeAsync("lobby", between, 3).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(6, 7, 8), Ids(await Store.AfterAsync("lobby", between, 3).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(0, 9), Ids(await Store.BeforeAsync("lobby", HistoryPoint.AtTime(At(60)), 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(0, 9), Ids(await Store.AfterAsync("lobby", HistoryPoint.AtTime(At(-60)), 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Empty(await Store.AfterAsync("lobby", HistoryPoint.AtTime(At(60)), 50).WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Around_a_msgid_includes_it_with_half_the_limit_before()
    {
        await SeedAsync("lobby", 10);

        Assert.Equal(Range(3, 7), Ids(await Store.AroundAsync("lobby", HistoryPoint.AtMessage("m5"), 5).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(2, 7), Ids(await Store.AroundAsync("lobby", HistoryPoint.AtMessage("m5"), 6).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(5), Ids(await Store.AroundAsync("lobby", HistoryPoint.AtMessage("m5"), 1).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Around_near_the_ends_takes_what_there_is()
    {
        await SeedAsync("lobby", 10);

        Assert.Equal(Range(0, 4), Ids(await Store.AroundAsync("lobby", HistoryPoint.AtMessage("m1"), 5).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(7, 9), Ids(await Store.AroundAsync("lobby", HistoryPoint.AtMessage("m9"), 5).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Around_a_time_starts_half_the_limit_before_it()
    {
        await SeedAsync("lobby", 10);

        Assert.Equal(Range(3, 6), Ids(await Store.AroundAsync("lobby", HistoryPoint.AtTime(At(5)), 4).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(4, 7), Ids(await Store.AroundAsync("lobby", HistoryPoint.AtTime(At(5).AddMilliseconds(500)), 4).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Between_msgids_excludes_both_and_counts_from_the_first()
    {
        await SeedAsync("lobby", 10);

        Assert.Equal(Range(3, 7), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtMessage("m2"), HistoryPoint.AtMessage("m8"), 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(3, 4), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtMessage("m2"), HistoryPoint.AtMessage("m8"), 2).WaitAsync(TestTimeouts.Operation)));
        Assert.Empty(await Store.BetweenAsync("lobby", HistoryPoint.AtMessage("m4"), HistoryPoint.AtMessage("m5"), 50).WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Between_times_excludes_both_and_mixes_with_msgids()
    {
        await SeedAsync("lobby", 10);

        Assert.Equal(Range(3, 7), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtTime(At(2)), HistoryPoint.AtTime(At(8)), 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(3, 7), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtMessage("m2"), HistoryPoint.AtTime(At(8)), 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(3, 7), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtTime(At(2)), HistoryPoint.AtMessage("m8"), 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(0, 9), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtTime(At(-60)), HistoryPoint.AtTime(At(60)), 50).WaitAsync(TestTimeouts.Operation)));
    }

    /// <summary>The later point first: the same messages, counted from it (the newest ones), oldest first.</summary>
    [Fact]
    public async Task Between_with_the_later_point_first_counts_back_from_it_and_returns_oldest_first()
    {
        await SeedAsync("lobby", 10);

        Assert.Equal(Range(3, 7), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtMessage("m8"), HistoryPoint.AtMessage("m2"), 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(6, 7), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtMessage("m8"), HistoryPoint.AtMessage("m2"), 2).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(3, 7), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtTime(At(8)), HistoryPoint.AtTime(At(2)), 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(5, 7), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtTime(At(8)), HistoryPoint.AtTime(At(2)), 3).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(4, 7), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtMessage("m8"), HistoryPoint.AtTime(At(3)), 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(7), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtTime(At(7).AddMilliseconds(500)), HistoryPoint.AtMessage("m2"), 1).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(7, 9), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtTime(At(60)), HistoryPoint.AtTime(At(-60)), 3).WaitAsync(TestTimeouts.Operation)));
        Assert.Empty(await Store.BetweenAsync("lobby", HistoryPoint.AtMessage("m5"), HistoryPoint.AtMessage("m4"), 50).WaitAsync(TestTimeouts.Operation));
        Assert.Empty(await Store.BetweenAsync("lobby", HistoryPoint.AtMessage("m5"), HistoryPoint.AtMessage("m5"), 50).WaitAsync(TestTimeouts.Operation));
        Assert.Empty(await Store.BetweenAsync("lobby", HistoryPoint.AtTime(At(5)), HistoryPoint.AtTime(At(4)), 50).WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Delete_removes_one_message_of_its_room_from_every_query()
    {
        await SeedAsync("lobby", 5);
        Store.Append(Make("elsewhere", 9, id: "elsewhere-9"));

        // A latest read first, so a cached tail (SQLite's) holds the message before it goes.
        Assert.Equal(Range(0, 4), Ids(await Store.LatestAsync("lobby", 10).WaitAsync(TestTimeouts.Operation)));
        Assert.True(await Store.DeleteAsync("#LOBBY", "m2").WaitAsync(TestTimeouts.Operation));

        Assert.Equal(Ids(0, 1, 3, 4), Ids(await Store.LatestAsync("lobby", 10).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(3, 4), Ids(await Store.AfterAsync("lobby", HistoryPoint.AtMessage("m1"), 10).WaitAsync(TestTimeouts.Operation)));
        Assert.False(await Store.ContainsAsync("lobby", "m2").WaitAsync(TestTimeouts.Operation));

        // Another room's id, an unknown id, and the same id again: nothing is deleted.
        Assert.False(await Store.DeleteAsync("lobby", "elsewhere-9").WaitAsync(TestTimeouts.Operation));
        Assert.False(await Store.DeleteAsync("lobby", "nope").WaitAsync(TestTimeouts.Operation));
        Assert.False(await Store.DeleteAsync("lobby", "m2").WaitAsync(TestTimeouts.Operation));
        Assert.True(await Store.ContainsAsync("elsewhere", "elsewhere-9").WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Delete_right_after_append_deletes_the_message_not_yet_committed()
    {
        // Redacted within the group-commit interval: the delete must not run before the insert.
        Store.Append(Make("lobby", 0));
        Store.Append(Make("lobby", 1));

        Assert.True(await Store.DeleteAsync("lobby", "m1").WaitAsync(TestTimeouts.Operation));
        await FlushAsync();

        Assert.Equal(Ids(0), Ids(await Store.LatestAsync("lobby", 10).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Rename_moves_a_rooms_messages_to_the_new_name_for_every_query()
    {
        await SeedAsync("old", 4);
        Store.Append(Make("elsewhere", 9, id: "elsewhere-9"));

        // A latest read first, so a cached tail (SQLite's) holds the room under its old name.
        Assert.Equal(Range(0, 3), Ids(await Store.LatestAsync("old", 10).WaitAsync(TestTimeouts.Operation)));
        Store.Rename("#old", "#New");

        Assert.Empty(await Store.LatestAsync("old", 10).WaitAsync(TestTimeouts.Operation));
        var moved = await Store.LatestAsync("new", 10).WaitAsync(TestTimeouts.Operation);
        Assert.Equal(Range(0, 3), Ids(moved));
        Assert.All(moved, m => Assert.Equal("New", m.Room));
        Assert.Equal(Ids(2, 3), Ids(await Store.AfterAsync("new", HistoryPoint.AtMessage("m1"), 10).WaitAsync(TestTimeouts.Operation)));
        Assert.True(await Store.ContainsAsync("NEW", "m2").WaitAsync(TestTimeouts.Operation));
        Assert.False(await Store.ContainsAsync("old", "m2").WaitAsync(TestTimeouts.Operation));
        Assert.Equal(["elsewhere-9"], Ids(await Store.LatestAsync("elsewhere", 10).WaitAsync(TestTimeouts.Operation)));
        Assert.Contains("new", Normalize(await Store.TargetsAsync(At(-1), At(100), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation)).Select(t => t.Item1));
    }

    [Fact]
    public async Task Rename_moves_what_was_appended_before_it_and_not_what_came_after()
    {
        // Not flushed: the rename must follow the pending inserts (SQLite's writer queue), and a
        // new room made under the old name at once keeps its own messages.
        Store.Append(Make("old", 0));
        Store.Append(Make("old", 1));
        Store.Rename("old", "new");
        Store.Append(Make("new", 2));
        Store.Append(Make("old", 3));

        Assert.Equal(Ids(0, 1, 2), Ids(await Store.LatestAsync("new", 10).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(3), Ids(await Store.LatestAsync("old", 10).WaitAsync(TestTimeouts.Operation)));
        await FlushAsync();
        Assert.Equal(Ids(0, 1, 2), Ids(await Store.LatestAsync("new", 10).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(3), Ids(await Store.BeforeAsync("old", HistoryPoint.AtTime(At(100)), 10).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Rename_onto_a_name_with_history_keeps_both_in_append_order_and_a_case_change_respells()
    {
        Store.Append(Make("new", 0));
        Store.Append(Make("old", 1));
        Store.Append(Make("new", 2));
        Store.Append(Make("old", 3));
        await FlushAsync();
        Assert.Equal(Ids(0, 2), Ids(await Store.LatestAsync("new", 10).WaitAsync(TestTimeouts.Operation)));

        Store.Rename("old", "new");
        Assert.Equal(Range(0, 3), Ids(await Store.LatestAsync("new", 10).WaitAsync(TestTimeouts.Operation)));

        Store.Rename("new", "NEW");
        var respelled = await Store.LatestAsync("new", 10).WaitAsync(TestTimeouts.Operation);
        Assert.Equal(Range(0, 3), Ids(respelled));
        Assert.All(respelled, m => Assert.Equal("NEW", m.Room));

        // A room without history: nothing to move, nothing breaks.
        Store.Rename("nothing", "something");
        Assert.Empty(await Store.LatestAsync("something", 10).WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Contains_knows_the_rooms_own_msgids_only()
    {
        await SeedAsync("lobby", 5);
        Store.Append(Make("elsewhere", 9, id: "elsewhere-9"));
        await FlushAsync();

        Assert.True(await Store.ContainsAsync("lobby", "m3").WaitAsync(TestTimeouts.Operation));
        Assert.True(await Store.ContainsAsync("#LOBBY", "m0").WaitAsync(TestTimeouts.Operation));
        Assert.True(await Store.ContainsAsync("elsewhere", "elsewhere-9").WaitAsync(TestTimeouts.Operation));
        Assert.False(await Store.ContainsAsync("lobby", "elsewhere-9").WaitAsync(TestTimeouts.Operation));
        Assert.False(await Store.ContainsAsync("lobby", "m5").WaitAsync(TestTimeouts.Operation));
        Assert.False(await Store.ContainsAsync("lobby", "M3").WaitAsync(TestTimeouts.Operation));
        Assert.False(await Store.ContainsAsync("nowhere", "m3").WaitAsync(TestTimeouts.Operation));

        await Store.PruneAsync(At(2), keepPerRoom: 1_000).WaitAsync(TestTimeouts.Operation);
        Assert.False(await Store.ContainsAsync("lobby", "m1").WaitAsync(TestTimeouts.Operation));
        Assert.True(await Store.ContainsAsync("lobby", "m2").WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Topics_are_each_room_s_last_a_cleared_one_is_none_and_pruning_keeps_them()
    {
        static StoredMessage Topic(string id, int second, string room, string text, string by = "ann") =>
            new(id, Start.AddSeconds(second), room, StoredKind.Topic, by, by, by + "!a@host", text);
        Store.Append(Topic("t1", 1, "Lobby", "first"));
        Store.Append(Make("lobby", 2));
        Store.Append(Topic("t2", 3, "lobby", "second ✓", "bob"));
        Store.Append(Topic("t3", 4, "dev", "dev's topic"));
        Store.Append(Topic("t4", 5, "gone", "soon cleared"));
        Store.Append(Topic("t5", 6, "GONE", string.Empty));
        await Store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        var topics = (await Store.TopicsAsync().WaitAsync(TestTimeouts.Operation)).OrderBy(t => t.Room, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [new StoredTopic("dev", "dev's topic", "ann", Start.AddSeconds(4)), new StoredTopic("lobby", "second ✓", "bob", Start.AddSeconds(3))],
            topics);

        await Store.PruneAsync(Start.AddSeconds(100), keepPerRoom: 0).WaitAsync(TestTimeouts.Operation);
        Assert.Equal(2, (await Store.TopicsAsync().WaitAsync(TestTimeouts.Operation)).Count);
    }

    [Fact]
    public async Task A_renamed_room_takes_its_topic_and_replaces_the_new_name_s_old_one()
    {
        Store.Append(new("t1", Start.AddSeconds(1), "dev", StoredKind.Topic, "ann", "ann", "ann!a@host", "dev's topic"));
        Store.Append(new("t2", Start.AddSeconds(2), "ops", StoredKind.Topic, "bob", "bob", "bob!b@host", "an old room's topic"));
        Store.Rename("dev", "ops");
        await Store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        Assert.Equal([new StoredTopic("ops", "dev's topic", "ann", Start.AddSeconds(1))], await Store.TopicsAsync().WaitAsync(TestTimeouts.Operation));
    }

    /// <summary>An unknown msgid (or one of another room) falls past the end of the room.</summary>
    [Theory]
    [InlineData("no-such-id")]
    [InlineData("elsewhere-1")]
    public async Task An_unknown_msgid_falls_past_the_end(string unknown)
    {
        await SeedAsync("lobby", 10);
        Store.Append(Make("elsewhere", 1, id: "elsewhere-1"));
        await FlushAsync();
        var point = HistoryPoint.AtMessage(unknown);

        Assert.Empty(await Store.AfterAsync("lobby", point, 5).WaitAsync(TestTimeouts.Operation));
        Assert.Equal(Range(7, 9), Ids(await Store.BeforeAsync("lobby", point, 3).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(8, 9), Ids(await Store.AroundAsync("lobby", point, 4).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(6, 9), Ids(await Store.BetweenAsync("lobby", point, HistoryPoint.AtMessage("m5"), 5).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Range(6, 9), Ids(await Store.BetweenAsync("lobby", HistoryPoint.AtMessage("m5"), point, 5).WaitAsync(TestTimeouts.Operation)));
        Assert.False(await Store.ContainsAsync("lobby", unknown).WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Targets_lists_rooms_whose_latest_message_is_in_the_window()
    {
        Store.Append(Make("alpha", 1, "a1"));
        Store.Append(Make("beta", 3, "b3"));
        Store.Append(Make("alpha", 5, "a5"));
        Store.Append(Make("gamma", 10, "c10"));
        await FlushAsync();

        var targets = await Store.TargetsAsync(At(0), At(6), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation);
        Assert.Equal([("beta", At(3)), ("alpha", At(5))], Normalize(targets));

        targets = await Store.TargetsAsync(At(0), At(6), 10, newestFirst: true).WaitAsync(TestTimeouts.Operation);
        Assert.Equal([("alpha", At(5)), ("beta", At(3))], Normalize(targets));

        // Strictly between: alpha's latest message at 5 is on the edge.
        targets = await Store.TargetsAsync(At(1), At(5), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation);
        Assert.Equal([("beta", At(3))], Normalize(targets));

        // The room's latest message counts: alpha spoke again after the window, so it is not listed.
        targets = await Store.TargetsAsync(At(0), At(4), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation);
        Assert.Equal([("beta", At(3))], Normalize(targets));

        // The limit counts from the first end asked for.
        targets = await Store.TargetsAsync(At(0), At(60), 2, newestFirst: false).WaitAsync(TestTimeouts.Operation);
        Assert.Equal([("beta", At(3)), ("alpha", At(5))], Normalize(targets));
        targets = await Store.TargetsAsync(At(0), At(60), 2, newestFirst: true).WaitAsync(TestTimeouts.Operation);
        Assert.Equal([("gamma", At(10)), ("alpha", At(5))], Normalize(targets));

        Assert.Empty(await Store.TargetsAsync(At(20), At(60), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Prune_by_age_deletes_older_messages_and_counts_them()
    {
        await SeedAsync("lobby", 10);
        Store.Append(Make("other", 2, "o2"));
        Store.Append(Make("other", 8, "o8"));
        await FlushAsync();

        var removed = await Store.PruneAsync(At(5), keepPerRoom: 1_000).WaitAsync(TestTimeouts.Operation);

        Assert.Equal(6, removed);
        Assert.Equal(Range(5, 9), Ids(await Store.LatestAsync("lobby", 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(["o8"], Ids(await Store.LatestAsync("other", 50).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Prune_by_count_keeps_the_newest_of_each_room()
    {
        await SeedAsync("lobby", 10);
        Store.Append(Make("other", 20, "o1"));
        Store.Append(Make("other", 21, "o2"));
        await FlushAsync();

        var removed = await Store.PruneAsync(At(-1_000), keepPerRoom: 4).WaitAsync(TestTimeouts.Operation);

        Assert.Equal(6, removed);
        Assert.Equal(Range(6, 9), Ids(await Store.LatestAsync("lobby", 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(["o1", "o2"], Ids(await Store.LatestAsync("other", 50).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Prune_by_age_and_count_together()
    {
        await SeedAsync("lobby", 10);

        var removed = await Store.PruneAsync(At(3), keepPerRoom: 5).WaitAsync(TestTimeouts.Operation);

        Assert.Equal(5, removed);
        Assert.Equal(Range(5, 9), Ids(await Store.LatestAsync("lobby", 50).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(0, await Store.PruneAsync(At(3), keepPerRoom: 5).WaitAsync(TestTimeouts.Operation));
        Assert.Equal(5, await Store.PruneAsync(At(3), keepPerRoom: 0).WaitAsync(TestTimeouts.Operation));
        Assert.Empty(await Store.LatestAsync("lobby", 50).WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Flush_makes_everything_appended_before_it_readable()
    {
        for (var n = 0; n < 500; n++)
        {
            Store.Append(Make("lobby", n));
        }

        await FlushAsync();

        Assert.Equal(Range(0, 499), Ids(await Store.LatestAsync("lobby", 1_000).WaitAsync(TestTimeouts.Operation)));
        await FlushAsync(); // nothing pending: returns at once
        var health = Store.Health;
        Assert.True(health.IsHealthy, health.Problem);
        Assert.Null(health.Problem);
        Assert.Equal(0, health.Pending);
        Assert.Equal(0, health.Dropped);
    }

    [Fact]
    public async Task Concurrent_appends_from_many_threads_lose_nothing_and_keep_each_threads_order()
    {
        const int Threads = 8;
        const int PerThread = 1_000;
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                Assert.True(start.SignalAndWait(TestTimeouts.Operation), "the threads did not all reach the start together");
                for (var i = 0; i < PerThread; i++)
                {
                    Store.Append(Make("busy", i, id: $"t{t}-{i}"));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers).WaitAsync(TestTimeouts.Operation);
        await FlushAsync();

        var stored = await Store.LatestAsync("busy", Threads * PerThread * 2).WaitAsync(TestTimeouts.Operation);

        Assert.Equal(Threads * PerThread, stored.Count);
        Assert.Equal(Threads * PerThread, stored.Select(m => m.MessageId).Distinct().Count());
        for (var t = 0; t < Threads; t++)
        {
            var prefix = $"t{t}-";
            var mine = stored.Where(m => m.MessageId.StartsWith(prefix, StringComparison.Ordinal)).Select(m => int.Parse(m.MessageId.AsSpan(prefix.Length), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, PerThread), mine);
        }
    }

    /// <summary>Appends m0 .. m{count - 1} to <paramref name="room"/> and flushes.</summary>
    protected async Task SeedAsync(string room, int count)
    {
        for (var n = 0; n < count; n++)
        {
            Store.Append(Make(room, n));
        }

        await FlushAsync();
    }

    protected Task FlushAsync() => Store.FlushAsync().WaitAsync(TestTimeouts.Operation);

    private static StoredMessage Private(string from, string to, int n, string? id = null) =>
        Make(Conversation.Key(from, to), n, id) with { Recipient = to, SenderNick = from, SenderName = from, SenderMask = from + "!u@h" };

    private static (string, DateTimeOffset)[] Normalize(IReadOnlyList<(string Room, DateTimeOffset Latest)> targets) =>
        [.. targets.Select(t => (t.Room.ToLowerInvariant(), t.Latest))];
}
