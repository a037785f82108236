using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="ChatHub"/>: connecting, disconnecting, closing everyone.</summary>
public class ChatHubConnectTests
{
    private readonly ChatHub _hub = TestChat.NewHub();

    [Fact]
    public void Connect_puts_the_member_in_the_default_room()
    {
        var alice = _hub.Connect();

        Assert.Same(_hub.DefaultRoom, alice.Member.CurrentRoom);
        Assert.True(_hub.DefaultRoom.Contains(alice.Member));
        Assert.Equal([_hub.DefaultRoom], alice.Member.Rooms);
        Assert.Equal(1, _hub.MemberCount);
        Assert.Contains(alice.Member, _hub.Members);
        Assert.Equal("lobby", _hub.DefaultRoom.Name);
        Assert.True(_hub.DefaultRoom.IsDefault);
    }

    [Fact]
    public void A_member_without_a_nick_is_named_by_its_address()
    {
        var sink = new RecordingSink();

        var member = _hub.Connect("10.0.0.7:5555", "10.0.0.7", sink);

        Assert.False(member.HasChosenNick);
        Assert.Equal("10.0.0.7:5555", member.Name);
        Assert.Matches("^Guest[0-9]+$", member.Nick);
        Assert.Same(member, _hub.FindNick(member.Nick));
        Assert.Equal("10.0.0.7", member.Host);
        Assert.Same(sink, member.Sink);
    }

    [Fact]
    public void Members_get_distinct_ids()
    {
        var a = _hub.Connect();
        var b = _hub.Connect();

        Assert.NotEqual(a.Member.Id, b.Member.Id);
    }

    [Fact]
    public void Others_see_the_join_and_the_newcomer_does_not()
    {
        var alice = _hub.Connect();
        var bob = _hub.Connect();
        alice.Sink.Clear();
        var sink = new RecordingSink();

        var carol = _hub.Connect("127.0.0.1:1", "127.0.0.1", sink);

        foreach (var other in new[] { alice, bob })
        {
            var join = other.Sink.Single();
            Assert.Equal(ChatEventKind.Join, join.Kind);
            Assert.Same(carol, join.Source);
            Assert.Same(_hub.DefaultRoom, join.Room);
        }

        Assert.Empty(sink.Events);
    }

    [Fact]
    public void Disconnect_removes_the_member_everywhere_and_frees_its_nick()
    {
        var alice = _hub.Connect("alice");
        var dev = _hub.JoinOk(alice, "dev");
        var bob = _hub.Connect();
        _hub.JoinOk(bob, "dev");

        _hub.Disconnect(alice.Member, "bye");

        Assert.Equal(1, _hub.MemberCount);
        Assert.DoesNotContain(alice.Member, _hub.Members);
        Assert.False(_hub.DefaultRoom.Contains(alice.Member));
        Assert.False(dev.Contains(alice.Member));
        Assert.Empty(alice.Member.Rooms);
        Assert.Null(alice.Member.CurrentRoom);
        Assert.True(alice.Member.HasLeft);
        Assert.Null(_hub.FindNick("alice"));
        Assert.Equal(ChatError.None, _hub.ChangeNick(bob.Member, "Alice", out _));
    }

    [Fact]
    public void Co_members_see_one_quit_each_with_the_reason()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob"); // lobby and dev with alice
        var carol = _hub.Connect("carol"); // lobby only
        var dave = _hub.Connect("dave"); // elsewhere only
        _hub.JoinOk(alice, "dev");
        _hub.JoinOk(bob, "dev");
        _hub.JoinOk(dave, "far");
        Assert.Equal(ChatError.None, _hub.Part(dave.Member, "lobby", out _));
        TestChat.ClearAll(alice, bob, carol, dave);

        _hub.Disconnect(alice.Member, "gone fishing");

        foreach (var other in new[] { bob, carol })
        {
            var quit = other.Sink.Single();
            Assert.Equal(ChatEventKind.Quit, quit.Kind);
            Assert.Equal("gone fishing", quit.Text);
            Assert.Equal("alice", quit.SourceName);
            Assert.Null(quit.Room);
        }

        Assert.Empty(dave.Sink.Events);
        Assert.Empty(alice.Sink.Events);
    }

    [Fact]
    public void Disconnect_closes_the_rooms_it_empties_but_not_the_default_room()
    {
        var alice = _hub.Connect();
        _hub.JoinOk(alice, "dev");

        _hub.Disconnect(alice.Member, "bye");

        Assert.Null(_hub.FindRoom("dev"));
        Assert.Same(_hub.DefaultRoom, _hub.FindRoom("lobby"));
        Assert.Equal([_hub.DefaultRoom], _hub.Rooms);
        Assert.Equal(0, _hub.DefaultRoom.Count);
    }

    [Fact]
    public void Disconnect_twice_is_harmless()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        var carol = _hub.Connect("carol");
        TestChat.ClearAll(bob, carol);

        _hub.Disconnect(alice.Member, "first");
        _hub.Disconnect(alice.Member, "second");

        Assert.Equal(2, _hub.MemberCount);
        Assert.Equal("first", bob.Sink.Single().Text);
        Assert.Equal("first", carol.Sink.Single().Text);
        Assert.Same(bob.Member, _hub.FindNick("bob"));
    }

    [Fact]
    public void CloseAll_asks_every_session_to_close_once()
    {
        var clients = Enumerable.Range(0, 5).Select(_ => _hub.Connect()).ToArray();

        _hub.CloseAll("server shutting down");

        Assert.All(clients, c => Assert.Equal(["server shutting down"], c.Sink.CloseReasons));
    }

    [Fact]
    public void A_client_that_connects_after_CloseAll_is_closed_with_the_same_reason()
    {
        var before = _hub.Connect();
        _hub.CloseAll("server shutting down");

        // Still being detected or registering when the server began to stop: told as the others.
        var plain = _hub.Connect();
        var irc = _hub.ConnectAs("irene");

        Assert.Equal(["server shutting down"], before.Sink.CloseReasons);
        Assert.Equal(["server shutting down"], plain.Sink.CloseReasons);
        Assert.Equal(["server shutting down"], irc.Sink.CloseReasons);
    }
}
