using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="ChatHub"/>: nicknames.</summary>
public class ChatHubNicksTests
{
    private readonly ChatHub _hub = TestChat.NewHub();

    [Fact]
    public void A_valid_nick_is_taken()
    {
        var alice = _hub.Connect();
        var address = alice.Member.Address;

        var error = _hub.ChangeNick(alice.Member, "alice", out var oldName);

        Assert.Equal(ChatError.None, error);
        Assert.Equal(address, oldName);
        Assert.Equal("alice", alice.Member.Nick);
        Assert.Equal("alice", alice.Member.Name);
        Assert.Same(alice.Member, _hub.FindNick("ALICE"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("a b")]
    [InlineData("j\u00f6rg")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcde")] // 31 characters
    public void An_invalid_nick_is_refused(string nick)
    {
        var alice = _hub.Connect("alice");

        Assert.Equal(ChatError.InvalidNick, _hub.ChangeNick(alice.Member, nick, out _));
        Assert.Equal("alice", alice.Member.Nick);
        Assert.Null(_hub.FindNick(nick));
    }

    [Fact]
    public void A_nick_held_by_someone_else_in_any_case_is_refused()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        alice.Sink.Clear();

        Assert.Equal(ChatError.NickInUse, _hub.ChangeNick(bob.Member, "ALICE", out _));
        Assert.Equal(ChatError.NickInUse, _hub.ChangeNick(bob.Member, "alice", out _));

        Assert.Equal("bob", bob.Member.Nick);
        Assert.Same(alice.Member, _hub.FindNick("alice"));
        Assert.Same(bob.Member, _hub.FindNick("bob"));
        Assert.Empty(alice.Sink.Events);
    }

    [Fact]
    public void A_change_of_case_only_is_allowed_and_seen()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        bob.Sink.Clear();

        var error = _hub.ChangeNick(alice.Member, "ALICE", out var oldName);

        Assert.Equal(ChatError.None, error);
        Assert.Equal("alice", oldName);
        Assert.Equal("ALICE", alice.Member.Nick);
        Assert.Same(alice.Member, _hub.FindNick("alice"));
        var change = bob.Sink.Single();
        Assert.Equal(ChatEventKind.NickChange, change.Kind);
        Assert.Equal("alice", change.SourceName);
        Assert.Equal("ALICE", change.Text);
    }

    [Fact]
    public void The_same_nick_again_changes_nothing()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        bob.Sink.Clear();

        Assert.Equal(ChatError.None, _hub.ChangeNick(alice.Member, "alice", out _));
        Assert.Empty(bob.Sink.Events);
    }

    [Fact]
    public void Everyone_sharing_a_room_sees_the_change_once()
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

        Assert.Equal(ChatError.None, _hub.ChangeNick(alice.Member, "alicia", out _));

        foreach (var other in new[] { bob, carol })
        {
            var change = other.Sink.Single();
            Assert.Equal(ChatEventKind.NickChange, change.Kind);
            Assert.Equal("alice", change.SourceName);
            Assert.Equal("alicia", change.Text);
            Assert.Null(change.Room);
        }

        Assert.Empty(dave.Sink.Events);
        Assert.Empty(alice.Sink.Events);
    }

    [Fact]
    public void The_old_nick_is_freed()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect();

        Assert.Equal(ChatError.None, _hub.ChangeNick(alice.Member, "alicia", out _));

        Assert.Null(_hub.FindNick("alice"));
        Assert.Same(alice.Member, _hub.FindNick("alicia"));
        Assert.Equal(ChatError.None, _hub.ChangeNick(bob.Member, "Alice", out _));
        Assert.Same(bob.Member, _hub.FindNick("alice"));
    }

    [Fact]
    public void A_nick_changed_in_case_is_freed_on_the_next_change_and_on_disconnect()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect();
        Assert.Equal(ChatError.None, _hub.ChangeNick(alice.Member, "Alice", out _));

        Assert.Equal(ChatError.None, _hub.ChangeNick(alice.Member, "alicia", out _));
        Assert.Null(_hub.FindNick("alice"));

        _hub.Disconnect(alice.Member, "bye");
        Assert.Null(_hub.FindNick("alicia"));
        Assert.Equal(ChatError.None, _hub.ChangeNick(bob.Member, "ALICIA", out _));
    }
}
