using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="ChatHub"/> under many threads at once.</summary>
public class ChatHubConcurrencyTests
{
    private const int Threads = 8;
    private const int MembersPerThread = 300;
    private static readonly string[] RoomNames = ["r0", "r1", "r2", "R3"];

    [Fact]
    public async Task Members_coming_and_going_on_a_few_rooms_leave_only_the_default_room()
    {
        var hub = TestChat.NewHub();
        using var start = new Barrier(Threads);

        // Own threads, not the pool: the barrier blocks them, and the pool is small on a small machine.
        var workers = Enumerable.Range(0, Threads)
            .Select(t => Task.Factory.StartNew(
                () => ComeAndGo(hub, t, start),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default))
            .ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, hub.MemberCount);
        Assert.Empty(hub.Members);
        Assert.Equal([hub.DefaultRoom], hub.Rooms);
        Assert.Equal(0, hub.DefaultRoom.Count);
        Assert.All(RoomNames, name => Assert.Null(hub.FindRoom(name)));
        Assert.Null(hub.FindNick("n0x0"));
    }

    [Fact]
    public async Task Members_fighting_over_a_few_nicks_never_share_one_and_leave_none_behind()
    {
        string[] pool = ["ann", "Ann", "BOB", "bob", "cy"];
        var hub = TestChat.NewHub();
        var members = Enumerable.Range(0, Threads).Select(_ => hub.Connect().Member).ToArray();
        using var start = new Barrier(Threads);

        var workers = members
            .Select((member, t) => Task.Factory.StartNew(
                () =>
                {
                    var random = new Random(t);
                    Assert.True(start.SignalAndWait(TimeSpan.FromSeconds(10)), "the threads did not all reach the start together");
                    for (var i = 0; i < 5000; i++)
                    {
                        var nick = pool[random.Next(pool.Length)];
                        var error = hub.ChangeNick(member, nick, out _);
                        Assert.True(error is ChatError.None or ChatError.NickInUse, $"unexpected {error}");
                        if (error == ChatError.None)
                        {
                            Assert.Equal(nick, member.Nick);
                        }
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default))
            .ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        var named = members.Where(m => m.Nick is not null).ToArray();
        Assert.Equal(named.Length, named.Select(m => m.Nick!).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(named, m => Assert.Same(m, hub.FindNick(m.Nick!)));
        Assert.All(pool, nick =>
        {
            if (hub.FindNick(nick) is { } holder)
            {
                Assert.Equal(nick, holder.Nick, StringComparer.OrdinalIgnoreCase);
            }
        });

        foreach (var member in members)
        {
            hub.Disconnect(member, "done");
        }

        Assert.All(pool, nick => Assert.Null(hub.FindNick(nick)));
    }

    /// <summary>One session's life, many times over: connect, name, join, talk, part, leave.</summary>
    private static void ComeAndGo(ChatHub hub, int thread, Barrier start)
    {
        var random = new Random(thread);
        var sink = new CountingSink();
        Assert.True(start.SignalAndWait(TimeSpan.FromSeconds(10)), "the threads did not all reach the start together");
        for (var i = 0; i < MembersPerThread; i++)
        {
            var member = hub.Connect($"10.0.{thread}.{i}:1", $"10.0.{thread}.{i}", sink);
            Assert.Equal(ChatError.None, hub.ChangeNick(member, $"n{thread}x{i}", out _));
            for (var step = 0; step < 6; step++)
            {
                var name = RoomNames[random.Next(RoomNames.Length)];
                Assert.Equal(ChatError.None, hub.Join(member, name, out var room, out _));
                Assert.True(room!.Contains(member), "a successful join leaves the member in the room");
                Assert.Equal(ChatError.None, hub.Say(member, "hi", action: false, out _));
                if (random.Next(2) == 0)
                {
                    Assert.Equal(ChatError.None, hub.Part(member, name, out _));
                }
            }

            hub.Disconnect(member, "done");
        }
    }

    /// <summary>A sink that only counts, so thousands of members stay cheap.</summary>
    private sealed class CountingSink : IMemberSink
    {
        private int _delivered;

        public int Delivered => Volatile.Read(ref _delivered);

        public void Deliver(ChatEvent chatEvent) => Interlocked.Increment(ref _delivered);

        public void Close(string reason)
        {
        }
    }
}
