using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>
/// <see cref="ChatHub"/>'s counts for LUSERS, /healthz and /metrics (members, invisible members,
/// server operators, open rooms): kept as members come, change and go, never scanned.
/// </summary>
public class ChatHubCountsTests
{
    private readonly ChatHub _hub = TestChat.NewHub();

    [Fact]
    public void Invisible_members_are_counted_once_however_often_they_say_so_and_not_after_they_leave()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");

        _hub.SetInvisible(alice.Member, true);
        _hub.SetInvisible(alice.Member, true);
        _hub.SetInvisible(bob.Member, true);
        _hub.SetInvisible(bob.Member, false);
        _hub.SetInvisible(bob.Member, false);

        Assert.Equal(1, _hub.InvisibleCount);
        Assert.Equal(2, _hub.MemberCount);

        _hub.Disconnect(alice.Member, "bye");

        Assert.Equal(0, _hub.InvisibleCount);
        Assert.Equal(1, _hub.MemberCount);

        // Too late: a member that has left changes no count.
        _hub.SetInvisible(alice.Member, false);
        _hub.SetInvisible(alice.Member, true);
        _hub.Disconnect(alice.Member, "again");

        Assert.Equal(0, _hub.InvisibleCount);
        Assert.Equal(1, _hub.MemberCount);
        Assert.Equal(_hub.Members.Count(m => m.Invisible), _hub.InvisibleCount);
    }

    [Fact]
    public void Server_operators_are_counted_once_across_accounts_and_not_after_they_leave()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");

        Assert.True(_hub.MakeServerOperator(alice.Member, "root"));
        Assert.True(_hub.MakeServerOperator(alice.Member, "other"));
        Assert.True(_hub.MakeServerOperator(bob.Member, "root"));
        _hub.DropServerOperator(bob.Member);
        _hub.DropServerOperator(bob.Member);

        Assert.Equal(1, _hub.ServerOperatorCount);

        _hub.Disconnect(alice.Member, "bye");

        Assert.Equal(0, _hub.ServerOperatorCount);
        Assert.False(_hub.MakeServerOperator(alice.Member, "root"));
        Assert.Equal(0, _hub.ServerOperatorCount);
        Assert.Equal(_hub.Members.Count(m => m.IsServerOperator), _hub.ServerOperatorCount);
    }

    [Fact]
    public void The_room_count_is_the_open_rooms()
    {
        var alice = _hub.Connect("alice");
        Assert.Equal(ChatError.None, _hub.Join(alice.Member, "dev", out _, out _));
        Assert.Equal(ChatError.None, _hub.Join(alice.Member, "ops", out _, out _));

        Assert.Equal(3, _hub.RoomCount); // with the default room
        Assert.Equal(_hub.Rooms.Count, _hub.RoomCount);

        _hub.Disconnect(alice.Member, "bye");

        Assert.Equal(1, _hub.RoomCount);
        Assert.Equal(_hub.Rooms.Count, _hub.RoomCount);
    }

    [Fact]
    public async Task Counts_agree_with_the_members_after_many_threads_come_flip_and_go()
    {
        const int Threads = 8;
        const int Rounds = 300;
        using var start = new Barrier(Threads);

        // Own threads, not the pool: the barrier blocks them, and the pool is small on a small machine.
        var workers = Enumerable.Range(0, Threads)
            .Select(t => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    for (var i = 0; i < Rounds; i++)
                    {
                        var client = _hub.Connect($"n{t}x{i}");
                        _hub.SetInvisible(client.Member, true);
                        _hub.MakeServerOperator(client.Member, "root");
                        if (i % 3 == 0)
                        {
                            _hub.SetInvisible(client.Member, false);
                            _hub.DropServerOperator(client.Member);
                        }

                        // Every other member stays, half of those invisible operators.
                        if (i % 2 == 0)
                        {
                            _hub.Disconnect(client.Member, "bye");
                        }
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default))
            .ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Threads * Rounds / 2, _hub.MemberCount);
        Assert.Equal(_hub.Members.Count(), _hub.MemberCount);
        Assert.Equal(_hub.Members.Count(m => m.Invisible), _hub.InvisibleCount);
        Assert.Equal(_hub.Members.Count(m => m.IsServerOperator), _hub.ServerOperatorCount);
        Assert.True(_hub.InvisibleCount > 0);
    }
}
