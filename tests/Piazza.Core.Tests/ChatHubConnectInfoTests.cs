using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="ChatHub.Connect(MemberInfo, IMemberSink, bool, out Member?)"/>: members that arrive with a nick (IRC registration).</summary>
public class ChatHubConnectInfoTests
{
    private readonly ChatHub _hub = TestChat.NewHub();

    [Fact]
    public void A_member_with_a_free_nick_is_added_with_what_its_protocol_learned()
    {
        var sink = new RecordingSink();
        var info = new MemberInfo("10.0.0.7:5555", "10.0.0.7", "~alice", "Alice Liddell", "alice");

        var error = _hub.Connect(info, sink, joinDefaultRoom: false, out var member);

        Assert.Equal(ChatError.None, error);
        Assert.NotNull(member);
        Assert.Equal("alice", member.Nick);
        Assert.Equal("alice", member.Name);
        Assert.True(member.HasChosenNick);
        Assert.Equal("~alice", member.User);
        Assert.Equal("10.0.0.7", member.Host);
        Assert.Equal("10.0.0.7:5555", member.Address);
        Assert.Equal("Alice Liddell", member.RealName);
        Assert.Equal("alice!~alice@10.0.0.7", member.BanIdentity);
        Assert.Same(member, _hub.FindNick("ALICE"));
        Assert.Contains(member, _hub.Members);
        Assert.Empty(member.Rooms);
        Assert.Null(member.CurrentRoom);
        Assert.False(_hub.DefaultRoom.Contains(member));
    }

    [Fact]
    public void Joining_the_default_room_on_connect_is_seen_there()
    {
        var bob = _hub.Connect("bob");

        var error = _hub.Connect(new MemberInfo("10.0.0.7:1", "10.0.0.7", "~a", "A", "alice"), new RecordingSink(), joinDefaultRoom: true, out var member);

        Assert.Equal(ChatError.None, error);
        Assert.NotNull(member);
        Assert.Same(_hub.DefaultRoom, member.CurrentRoom);
        var join = bob.Sink.Single();
        Assert.Equal(ChatEventKind.Join, join.Kind);
        Assert.Same(member, join.Source);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("ALICE")]
    public void A_nick_in_use_is_refused_and_the_member_is_not_added(string nick)
    {
        var alice = _hub.Connect("alice");
        var count = _hub.MemberCount;
        var sink = new RecordingSink();

        var error = _hub.Connect(new MemberInfo("10.0.0.8:1", "10.0.0.8", "~x", "X", nick), sink, joinDefaultRoom: true, out var member);

        Assert.Equal(ChatError.NickInUse, error);
        Assert.Null(member);
        Assert.Equal(count, _hub.MemberCount);
        Assert.Same(alice.Member, _hub.FindNick("alice"));
        Assert.Equal([alice.Member], _hub.DefaultRoom.Members);
        Assert.Empty(alice.Sink.Events);
        Assert.Empty(sink.Events);
    }

    [Fact]
    public void A_nick_in_use_by_a_guest_is_refused()
    {
        var guest = _hub.Connect();

        var error = _hub.Connect(new MemberInfo("10.0.0.8:1", "10.0.0.8", "~x", "X", guest.Member.Nick), new RecordingSink(), joinDefaultRoom: false, out var member);

        Assert.Equal(ChatError.NickInUse, error);
        Assert.Null(member);
        Assert.Same(guest.Member, _hub.FindNick(guest.Member.Nick));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("bad nick")]
    [InlineData("a*")]
    public void An_invalid_nick_is_refused(string nick)
    {
        var count = _hub.MemberCount;

        var error = _hub.Connect(new MemberInfo("10.0.0.8:1", "10.0.0.8", "~x", "X", nick), new RecordingSink(), joinDefaultRoom: true, out var member);

        Assert.Equal(ChatError.InvalidNick, error);
        Assert.Null(member);
        Assert.Equal(count, _hub.MemberCount);
    }

    [Fact]
    public void The_nick_is_free_again_after_the_refused_member_goes()
    {
        var alice = _hub.Connect("alice");
        _hub.Connect(new MemberInfo("10.0.0.8:1", "10.0.0.8", "~x", "X", "alice"), new RecordingSink(), joinDefaultRoom: false, out _);

        _hub.Disconnect(alice.Member, "bye");

        Assert.Equal(ChatError.None, _hub.Connect(new MemberInfo("10.0.0.8:2", "10.0.0.8", "~x", "X", "alice"), new RecordingSink(), joinDefaultRoom: false, out var member));
        Assert.Same(member, _hub.FindNick("alice"));
    }
}
