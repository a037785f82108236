using Piazza.Core.History;
using Piazza.Storage.Tests.Infrastructure;

using static Piazza.Storage.Tests.Infrastructure.TestMessages;

namespace Piazza.Storage.Tests;

/// <summary>
/// LATEST from a database store's recent tails (Core's RecentMessages): the same answers as the
/// database would give, without a query or a wait for the writer once a room has its tail. Run by
/// the SQLite and PostgreSQL stores.
/// </summary>
public abstract class RecentMessagesSpecification
{

    [Fact]
    public async Task Latest_answers_as_the_memory_store_does_through_any_mix_of_appends_and_reads()
    {
        await using var store = await OpenAsync(TimeSpan.FromMilliseconds(5));
        await using var memory = new InMemoryMessageStore();
        string[] rooms = ["lobby", "dev", "Dev", "ops"];
        var random = new Random(12);
        var n = 0;
        for (var step = 0; step < 1500; step++)
        {
            var room = rooms[random.Next(rooms.Length)];
            if (random.Next(3) > 0)
            {
                var message = Make(room, n++);
                store.Append(message);
                memory.Append(message);
                continue;
            }

            // Limits inside and past the tails' 64, and now and then a commit in between.
            var limit = random.Next(1, 90);
            if (random.Next(10) == 0)
            {
                await store.FlushAsync().WaitAsync(TestTimeouts.Operation);
            }

            var expected = Ids(await memory.LatestAsync(room, limit));
            var actual = Ids(await store.LatestAsync(room, limit).WaitAsync(TestTimeouts.Operation));
            Assert.True(expected.SequenceEqual(actual), $"step {step}: LATEST {room} {limit}: expected {string.Join(',', expected)}, got {string.Join(',', actual)}");
        }
    }

    [Fact]
    public async Task A_rooms_first_read_while_it_is_being_appended_to_loses_nothing_from_its_tail()
    {
        // Each room: one task appends 150 messages while another reads LATEST from the start
        // (the first read makes the tail while appends go on). Afterwards every tail must hold
        // the room's newest 64, and every read must have been a run of consecutive messages.
        await using var store = await OpenAsync(TimeSpan.FromMilliseconds(2));
        const int Rooms = 40;
        const int PerRoom = 150;
        var work = Enumerable.Range(0, Rooms).Select(r => Task.Run(async () =>
        {
            var room = $"room{r}";
            // A thread of its own, so forty readers busy on the pool cannot hold the appends back.
            var append = new Thread(() =>
            {
                for (var i = 0; i < PerRoom; i++)
                {
                    store.Append(Make(room, (r * PerRoom) + i));

                    // Paced (not a synchronisation): a room's appends span its first reads.
                    Thread.Sleep(1);
                }
            });
            append.Start();
            while (append.IsAlive)
            {
                var read = Numbers(await store.LatestAsync(room, 20));
                Assert.True(read.Zip(read.Skip(1)).All(p => p.Second == p.First + 1), $"{room}: not consecutive: {string.Join(',', read)}");
                await Task.Yield();
            }

            append.Join();
            var expected = Enumerable.Range((r * PerRoom) + PerRoom - 64, 64).ToArray();
            Assert.Equal(expected, Numbers(await store.LatestAsync(room, 64)));
        })).ToArray();
        await Task.WhenAll(work).WaitAsync(TestTimeouts.Operation);
    }

    private static int[] Numbers(IReadOnlyList<StoredMessage> messages) => [.. messages.Select(m => int.Parse(m.MessageId[1..], System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Once_a_room_was_read_its_new_messages_are_in_latest_before_they_are_committed()
    {
        await using var store = await OpenAsync(TimeSpan.FromMinutes(10));
        store.Append(Make("lobby", 0));
        Assert.Equal(Ids(0), Ids(await store.LatestAsync("lobby", 20).WaitAsync(TestTimeouts.Operation)));

        // The first message's batch committed: the writer's next waits out the interval. Without
        // this, a writer slow to wake (a loaded machine) takes message 1 into the first batch too.
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);
        store.Append(Make("lobby", 1));
        store.Append(Make("other", 2));
        store.Append(Make("lobby", 3));

        // Answered from the tail: the writer still waits out its ten minutes with three pending.
        Assert.Equal(Ids(0, 1, 3), Ids(await store.LatestAsync("LOBBY", 20).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(3, store.Health.Pending);

        // And what the file says once committed is the same.
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);
        Assert.Equal(Ids(1, 3), Ids(await store.LatestAsync("lobby", 2).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(0, 1, 3), Ids(await store.BeforeAsync("lobby", HistoryPoint.AtTime(DateTimeOffset.MaxValue), 100).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task A_prune_is_seen_by_latest_at_once()
    {
        await using var store = await OpenAsync(TimeSpan.FromMilliseconds(5));
        for (var i = 0; i < 10; i++)
        {
            store.Append(Make("lobby", i));
        }

        Assert.Equal(Range(0, 9), Ids(await store.LatestAsync("lobby", 20).WaitAsync(TestTimeouts.Operation)));
        await store.FlushAsync().WaitAsync(TestTimeouts.Operation);

        await store.PruneAsync(DateTimeOffset.MinValue, keepPerRoom: 3).WaitAsync(TestTimeouts.Operation);

        Assert.Equal(Range(7, 9), Ids(await store.LatestAsync("lobby", 20).WaitAsync(TestTimeouts.Operation)));
    }

    /// <summary>The store, on the same empty database for every call of one test, committing at most every <paramref name="commitInterval"/>, in batches of up to 10,000.</summary>
    protected abstract Task<IMessageStore> OpenAsync(TimeSpan commitInterval);
}
