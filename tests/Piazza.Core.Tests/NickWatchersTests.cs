using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>The nick→watchers index behind IRC's MONITOR, and the hub's notifications through it.</summary>
public sealed class NickWatchersTests
{
    [Fact]
    public void Connect_quit_and_nick_change_notify_the_watchers_of_that_nick_only()
    {
        var hub = TestChat.NewHub();
        var alice = hub.ConnectAs("alice");
        var other = hub.ConnectAs("other");
        var seen = new RecordingWatcher();
        var unrelated = new RecordingWatcher();
        Assert.Equal(2, hub.Watch(alice.Member, seen, ["BOB", "robert"]));
        Assert.Equal(1, hub.Watch(other.Member, unrelated, ["zed"]));

        var bob = hub.ConnectAs("bob");
        Assert.Equal(ChatError.None, hub.ChangeNick(bob.Member, "Bob", out _));
        Assert.Equal(ChatError.None, hub.ChangeNick(bob.Member, "robert", out _));
        hub.Disconnect(bob.Member, "bye");

        Assert.Equal(["+bob", "-Bob", "+robert", "-robert"], seen.Notices);
        Assert.Empty(unrelated.Notices);
    }

    [Fact]
    public void The_limit_stops_adding_and_an_existing_nick_costs_nothing()
    {
        var hub = TestChat.NewHub(new ChatOptions { MaxMonitoredNicks = 2 });
        var alice = hub.ConnectAs("alice");
        var watcher = new RecordingWatcher();

        Assert.Equal(1, hub.Watch(alice.Member, watcher, ["a"]));
        Assert.Equal(2, hub.Watch(alice.Member, watcher, ["A", "b", "c"]));
        Assert.Equal(["a", "b"], hub.Watchers.ListOf(alice.Member).Order(StringComparer.Ordinal));

        hub.Watchers.Remove(alice.Member, ["B", "nobody"]);
        Assert.Equal(["a"], hub.Watchers.ListOf(alice.Member));
        Assert.Equal(1, hub.Watchers.WatchedNickCount);
    }

    [Fact]
    public void A_leaving_watcher_is_dropped_from_the_index()
    {
        var hub = TestChat.NewHub();
        var alice = hub.ConnectAs("alice");
        var watcher = new RecordingWatcher();
        hub.Watch(alice.Member, watcher, ["bob", "carol"]);

        hub.Disconnect(alice.Member, "bye");
        hub.ConnectAs("bob");

        Assert.Equal(0, hub.Watchers.WatchedNickCount);
        Assert.Empty(hub.Watchers.WatchersOf("bob"));
        Assert.Empty(watcher.Notices);
    }

    [Fact]
    public void A_member_watching_itself_is_not_told_about_itself()
    {
        var hub = TestChat.NewHub();
        var alice = hub.ConnectAs("alice");
        var watcher = new RecordingWatcher();
        hub.Watch(alice.Member, watcher, ["alice", "alicia"]);

        Assert.Equal(ChatError.None, hub.ChangeNick(alice.Member, "alicia", out _));

        Assert.Empty(watcher.Notices);
    }

    [Fact]
    public void Away_and_real_name_changes_reach_watchers_who_share_no_room_once()
    {
        var hub = TestChat.NewHub();
        var bob = hub.ConnectAs("bob");
        var outside = hub.ConnectAs("outside");
        var inside = hub.ConnectAs("inside");
        hub.JoinOk(bob, "dev");
        hub.JoinOk(inside, "dev");
        inside.Sink.Clear();
        var outsideWatcher = new RecordingWatcher();
        var insideWatcher = new RecordingWatcher();
        hub.Watch(outside.Member, outsideWatcher, ["bob"]);
        hub.Watch(inside.Member, insideWatcher, ["bob"]);

        hub.SetAway(bob.Member, "lunch");
        hub.SetRealName(bob.Member, "Robert");

        Assert.Equal([ChatEventKind.Away, ChatEventKind.RealNameChange], outsideWatcher.Changes.Select(e => e.Kind));
        Assert.Empty(insideWatcher.Changes);
        Assert.Equal(2, inside.Sink.Events.Length);
    }

    [Fact]
    public void Many_watchers_and_nicks_from_many_threads_leave_a_consistent_index()
    {
        var hub = TestChat.NewHub(new ChatOptions { MaxMonitoredNicks = 50 });
        var watchers = Enumerable.Range(0, 8).Select(i => hub.ConnectAs("w" + i)).ToList();
        Parallel.ForEach(watchers, w =>
        {
            var sink = new RecordingWatcher();
            for (var round = 0; round < 200; round++)
            {
                hub.Watch(w.Member, sink, [.. Enumerable.Range(0, 10).Select(n => "n" + ((n + round) % 30))]);
                hub.Watchers.Remove(w.Member, ["n" + (round % 30)]);
                if (round % 50 == 49)
                {
                    hub.Watchers.Clear(w.Member);
                }
            }
        });

        foreach (var w in watchers)
        {
            hub.Watchers.Clear(w.Member);
        }

        Assert.Equal(0, hub.Watchers.WatchedNickCount);
    }

    [Fact]
    public async Task A_contested_nick_is_told_online_and_offline_in_the_order_it_changed_hands()
    {
        string[] pool = ["ann", "bob", "cy"];
        const int Threads = 6;
        var hub = TestChat.NewHub();
        var watcher = new RecordingWatcher();
        Assert.Equal(pool.Length, hub.Watch(hub.ConnectAs("watcher").Member, watcher, pool));
        var members = Enumerable.Range(0, Threads).Select(t => hub.ConnectAs("t" + t).Member).ToArray();
        using var start = new Barrier(Threads);

        // Own threads, not the pool: the barrier blocks them, and the pool is small on a small machine.
        var workers = members
            .Select((member, t) => Task.Factory.StartNew(
                () =>
                {
                    var random = new Random(t);
                    Assert.True(start.SignalAndWait(TimeSpan.FromSeconds(10)), "the threads did not all reach the start together");
                    for (var i = 0; i < 10_000; i++)
                    {
                        // Between contested nicks and a private one, so each nick keeps changing hands.
                        var nick = random.Next(3) == 0 ? "t" + t : pool[random.Next(pool.Length)];
                        var error = hub.ChangeNick(member, nick, out _);
                        Assert.True(error is ChatError.None or ChatError.NickInUse, $"unexpected {error}");
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default))
            .ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        // Each nick's notices alternate, starting online (nobody held it), and end where the registry is.
        foreach (var nick in pool)
        {
            var told = watcher.Notices.Where(n => n[1..] == nick).Select(n => n[0]).ToArray();
            Assert.NotEmpty(told);
            for (var i = 0; i < told.Length; i++)
            {
                Assert.True(told[i] == (i % 2 == 0 ? '+' : '-'), $"{nick}: notice {i} of {told.Length} is {told[i]}, out of order");
            }

            Assert.Equal(hub.FindNick(nick) is not null, told[^1] == '+');
        }
    }

    private sealed class RecordingWatcher : INickWatcher
    {
        private readonly Lock _lock = new();

        public List<string> Notices { get; } = [];

        public List<ChatEvent> Changes { get; } = [];

        public void NickOnline(string nick, Member member)
        {
            lock (_lock)
            {
                Notices.Add("+" + nick);
            }
        }

        public void NickOffline(string nick)
        {
            lock (_lock)
            {
                Notices.Add("-" + nick);
            }
        }

        public void WatchedChange(ChatEvent chatEvent)
        {
            lock (_lock)
            {
                Changes.Add(chatEvent);
            }
        }
    }
}
