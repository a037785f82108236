using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="ChatHub"/>: joining, parting and topics.</summary>
public class ChatHubRoomsTests
{
    private readonly ChatHub _hub = TestChat.NewHub();

    [Fact]
    public void Join_creates_the_room_and_makes_it_current()
    {
        var alice = _hub.Connect();

        var error = _hub.Join(alice.Member, "dev", out var room, out var alreadyIn);

        Assert.Equal(ChatError.None, error);
        Assert.False(alreadyIn);
        Assert.NotNull(room);
        Assert.Equal("dev", room.Name);
        Assert.False(room.IsDefault);
        Assert.Same(room, alice.Member.CurrentRoom);
        Assert.True(room.Contains(alice.Member));
        Assert.Equal([_hub.DefaultRoom, room], alice.Member.Rooms);
        Assert.Same(room, _hub.FindRoom("dev"));
        Assert.Same(room, _hub.FindRoom("#DEV"));
        Assert.Equal(["dev", "lobby"], _hub.Rooms.Select(r => r.Name));
    }

    [Fact]
    public void Join_with_a_hash_or_another_case_names_the_same_room()
    {
        var alice = _hub.Connect();
        var bob = _hub.Connect();
        var dev = _hub.JoinOk(alice, "Dev");

        var error = _hub.Join(bob.Member, "#dEV", out var room, out var alreadyIn);

        Assert.Equal(ChatError.None, error);
        Assert.False(alreadyIn);
        Assert.Same(dev, room);
        Assert.Equal("Dev", dev.Name);
        Assert.Equal(2, dev.Count);
    }

    [Fact]
    public void The_room_sees_the_join_but_the_joiner_and_other_rooms_do_not()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        var carol = _hub.Connect("carol"); // lobby only
        var dev = _hub.JoinOk(bob, "dev");
        TestChat.ClearAll(alice, bob, carol);

        _hub.JoinOk(alice, "dev");

        var join = bob.Sink.Single();
        Assert.Equal(ChatEventKind.Join, join.Kind);
        Assert.Same(dev, join.Room);
        Assert.Equal("alice", join.SourceName);
        Assert.Empty(alice.Sink.Events);
        Assert.Empty(carol.Sink.Events);
    }

    [Fact]
    public void Joining_a_room_again_only_makes_it_current()
    {
        var alice = _hub.Connect();
        var bob = _hub.Connect();
        var dev = _hub.JoinOk(alice, "dev");
        _hub.JoinOk(bob, "dev");
        TestChat.ClearAll(alice, bob);

        var error = _hub.Join(alice.Member, "lobby", out var room, out var alreadyIn);

        Assert.Equal(ChatError.None, error);
        Assert.True(alreadyIn);
        Assert.Same(_hub.DefaultRoom, room);
        Assert.Same(_hub.DefaultRoom, alice.Member.CurrentRoom);
        Assert.Equal([_hub.DefaultRoom, dev], alice.Member.Rooms);
        Assert.Empty(bob.Sink.Events);
    }

    [Theory]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("bad room")]
    [InlineData("a,b")]
    [InlineData("##dev")]
    public void An_invalid_room_name_is_refused(string name)
    {
        var alice = _hub.Connect();

        var error = _hub.Join(alice.Member, name, out var room, out _);

        Assert.Equal(ChatError.InvalidRoom, error);
        Assert.Null(room);
        Assert.Same(_hub.DefaultRoom, alice.Member.CurrentRoom);
        Assert.Equal([_hub.DefaultRoom], _hub.Rooms);
    }

    [Fact]
    public void A_room_name_over_the_limit_is_refused()
    {
        var hub = TestChat.NewHub(new ChatOptions { MaxRoomNameLength = 5 });
        var alice = hub.Connect();

        Assert.Equal(ChatError.None, hub.Join(alice.Member, "#abcde", out _, out _));
        Assert.Equal(ChatError.InvalidRoom, hub.Join(alice.Member, "abcdef", out _, out _));
    }

    [Fact]
    public void A_member_joins_at_most_MaxRoomsPerMember_rooms()
    {
        var hub = TestChat.NewHub(new ChatOptions { MaxRoomsPerMember = 3 });
        var alice = hub.Connect();
        hub.JoinOk(alice, "r1");
        var r2 = hub.JoinOk(alice, "r2");

        var error = hub.Join(alice.Member, "r3", out var room, out _);

        Assert.Equal(ChatError.TooManyRooms, error);
        Assert.Null(room);
        Assert.Null(hub.FindRoom("r3"));
        Assert.Same(r2, alice.Member.CurrentRoom);
        Assert.Equal(3, alice.Member.Rooms.Length);

        Assert.Equal(ChatError.None, hub.Join(alice.Member, "r1", out _, out var alreadyIn));
        Assert.True(alreadyIn);

        Assert.Equal(ChatError.None, hub.Part(alice.Member, "r1", out _));
        Assert.Equal(ChatError.None, hub.Join(alice.Member, "r3", out _, out _));
    }

    [Fact]
    public void Parting_the_current_room_makes_the_most_recent_remaining_room_current()
    {
        var alice = _hub.Connect();
        var r1 = _hub.JoinOk(alice, "r1");
        var r2 = _hub.JoinOk(alice, "r2");
        var r3 = _hub.JoinOk(alice, "r3");
        _hub.JoinOk(alice, "r1"); // current again, still the oldest join

        Assert.Equal(ChatError.None, _hub.Part(alice.Member, null, out var parted));
        Assert.Same(r1, parted);
        Assert.Same(r3, alice.Member.CurrentRoom);

        Assert.Equal(ChatError.None, _hub.Part(alice.Member, "r2", out parted));
        Assert.Same(r2, parted);
        Assert.Same(r3, alice.Member.CurrentRoom);

        Assert.Equal(ChatError.None, _hub.Part(alice.Member, "#R3", out _));
        Assert.Same(_hub.DefaultRoom, alice.Member.CurrentRoom);

        Assert.Equal(ChatError.None, _hub.Part(alice.Member, null, out _));
        Assert.Null(alice.Member.CurrentRoom);
        Assert.Empty(alice.Member.Rooms);
    }

    [Fact]
    public void The_room_sees_the_part_but_the_leaver_does_not()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        var carol = _hub.Connect("carol"); // lobby only
        var dev = _hub.JoinOk(alice, "dev");
        _hub.JoinOk(bob, "dev");
        TestChat.ClearAll(alice, bob, carol);

        Assert.Equal(ChatError.None, _hub.Part(alice.Member, "dev", out _));

        var part = bob.Sink.Single();
        Assert.Equal(ChatEventKind.Part, part.Kind);
        Assert.Same(dev, part.Room);
        Assert.Equal("alice", part.SourceName);
        Assert.Empty(alice.Sink.Events);
        Assert.Empty(carol.Sink.Events);
        Assert.False(dev.Contains(alice.Member));
    }

    [Fact]
    public void Parting_a_room_one_is_not_in_is_refused()
    {
        var alice = _hub.Connect();
        var bob = _hub.Connect();
        _hub.JoinOk(bob, "dev");

        Assert.Equal(ChatError.NotInRoom, _hub.Part(alice.Member, "dev", out _));
        Assert.Equal(ChatError.NotInRoom, _hub.Part(alice.Member, "nowhere", out var room));
        Assert.Null(room);
        Assert.Equal(ChatError.InvalidRoom, _hub.Part(alice.Member, "bad room", out _));
        Assert.Same(_hub.DefaultRoom, alice.Member.CurrentRoom);
    }

    [Fact]
    public void Parting_with_no_current_room_is_refused()
    {
        var alice = _hub.Connect();
        Assert.Equal(ChatError.None, _hub.Part(alice.Member, null, out _));

        Assert.Equal(ChatError.NotInRoom, _hub.Part(alice.Member, null, out var room));
        Assert.Null(room);
    }

    [Fact]
    public void An_emptied_room_disappears_and_a_new_join_makes_a_new_room_with_the_last_topic()
    {
        var alice = _hub.Connect();
        var dev = _hub.JoinOk(alice, "dev");
        Assert.Equal(ChatError.None, _hub.SetTopic(alice.Member, dev, "old"));

        Assert.Equal(ChatError.None, _hub.Part(alice.Member, "dev", out _));

        Assert.Null(_hub.FindRoom("dev"));
        Assert.Equal([_hub.DefaultRoom], _hub.Rooms);
        var again = _hub.JoinOk(alice, "dev");
        Assert.NotSame(dev, again);
        Assert.Equal("old", again.Topic?.Text);
        Assert.True(again.IsOperator(alice.Member), "the new room is its joiner's, as any new room");

        Assert.Equal(ChatError.None, _hub.SetTopic(alice.Member, again, string.Empty));
        Assert.Equal(ChatError.None, _hub.Part(alice.Member, "dev", out _));
        Assert.Null(_hub.JoinOk(alice, "dev").Topic);
    }

    [Fact]
    public void The_emptied_default_room_stays_with_its_topic()
    {
        var alice = _hub.Connect("alice");
        Assert.Equal(ChatError.None, _hub.SetTopic(alice.Member, _hub.DefaultRoom, "welcome"));

        Assert.Equal(ChatError.None, _hub.Part(alice.Member, "lobby", out _));

        Assert.Equal(0, _hub.DefaultRoom.Count);
        Assert.Same(_hub.DefaultRoom, _hub.FindRoom("lobby"));
        Assert.Equal([_hub.DefaultRoom], _hub.Rooms);
        Assert.Equal("welcome", _hub.DefaultRoom.Topic?.Text);
        Assert.Equal(ChatError.None, _hub.Join(alice.Member, "lobby", out var room, out _));
        Assert.Same(_hub.DefaultRoom, room);
    }

    [Fact]
    public void SetTopic_sets_the_topic_and_the_room_sees_it()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        var carol = _hub.Connect("carol");
        var dev = _hub.JoinOk(alice, "dev");
        _hub.JoinOk(bob, "dev");
        TestChat.ClearAll(alice, bob, carol);

        Assert.Equal(ChatError.None, _hub.SetTopic(alice.Member, dev, "release on Friday \u2603"));

        Assert.Equal("release on Friday \u2603", dev.Topic?.Text);
        Assert.Equal("alice", dev.Topic?.SetBy);
        var change = bob.Sink.Single();
        Assert.Equal(ChatEventKind.TopicChange, change.Kind);
        Assert.Equal("release on Friday \u2603", change.Text);
        Assert.Same(dev, change.Room);
        Assert.Equal(change.Time, dev.Topic?.SetAt);
        Assert.Empty(alice.Sink.Events);
        Assert.Empty(carol.Sink.Events);
    }

    [Fact]
    public void An_empty_topic_clears_it()
    {
        var alice = _hub.Connect();
        _hub.SetTopic(alice.Member, _hub.DefaultRoom, "something");

        Assert.Equal(ChatError.None, _hub.SetTopic(alice.Member, _hub.DefaultRoom, string.Empty));

        Assert.Null(_hub.DefaultRoom.Topic);
    }

    [Fact]
    public void A_topic_over_the_limit_in_UTF8_bytes_is_refused()
    {
        var hub = TestChat.NewHub(new ChatOptions { MaxTopicLength = 10 });
        var alice = hub.Connect();
        var bob = hub.Connect();
        bob.Sink.Clear();

        Assert.Equal(ChatError.None, hub.SetTopic(alice.Member, hub.DefaultRoom, "0123456789"));
        Assert.Equal(ChatError.None, hub.SetTopic(alice.Member, hub.DefaultRoom, "\u00e9\u00e9\u00e9\u00e9\u00e9")); // 10 bytes
        var error = hub.SetTopic(alice.Member, hub.DefaultRoom, "\u00e9\u00e9\u00e9\u00e9\u00e9x"); // 6 chars, 11 bytes

        Assert.Equal(ChatError.TooLong, error);
        Assert.Equal("\u00e9\u00e9\u00e9\u00e9\u00e9", hub.DefaultRoom.Topic?.Text);
        Assert.Equal(2, bob.Sink.Events.Length);
    }

    [Fact]
    public void SetTopic_outside_the_room_is_refused()
    {
        var alice = _hub.Connect();
        var bob = _hub.Connect();
        var dev = _hub.JoinOk(bob, "dev");

        Assert.Equal(ChatError.NotInRoom, _hub.SetTopic(alice.Member, dev, "mine now"));
        Assert.Equal(ChatError.NotInRoom, _hub.SetTopic(alice.Member, null, "nowhere"));
        Assert.Null(dev.Topic);
    }
}
