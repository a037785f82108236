using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="ChatHub"/>: room messages, actions and private messages.</summary>
public class ChatHubMessagesTests
{
    private readonly ChatHub _hub = TestChat.NewHub();

    [Theory]
    [InlineData(false, MessageStyle.Text)]
    [InlineData(true, MessageStyle.Action)]
    public void Say_reaches_everyone_else_in_the_room(bool action, MessageStyle style)
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        var carol = _hub.Connect("carol");
        TestChat.ClearAll(alice, bob, carol);

        var error = _hub.Say(alice.Member, "hello all", action, out var room);

        Assert.Equal(ChatError.None, error);
        Assert.Same(_hub.DefaultRoom, room);
        foreach (var other in new[] { bob, carol })
        {
            var said = other.Sink.Single();
            Assert.Equal(ChatEventKind.Message, said.Kind);
            Assert.Equal(style, said.Style);
            Assert.Equal("hello all", said.Text);
            Assert.Equal("alice", said.SourceName);
            Assert.Same(_hub.DefaultRoom, said.Room);
        }

        Assert.Empty(alice.Sink.Events);
    }

    [Fact]
    public void One_broadcast_is_one_event_shared_by_all_receivers()
    {
        var alice = _hub.Connect();
        var bob = _hub.Connect();
        var carol = _hub.Connect();
        TestChat.ClearAll(bob, carol);

        _hub.Say(alice.Member, "x", action: false, out _);

        Assert.Same(bob.Sink.Single(), carol.Sink.Single());
    }

    [Fact]
    public void Say_goes_only_to_the_current_room()
    {
        var alice = _hub.Connect();
        var bob = _hub.Connect(); // lobby only
        var carol = _hub.Connect();
        var dev = _hub.JoinOk(carol, "dev");
        _hub.JoinOk(alice, "dev");
        TestChat.ClearAll(alice, bob, carol);

        Assert.Equal(ChatError.None, _hub.Say(alice.Member, "in dev", action: false, out var room));

        Assert.Same(dev, room);
        Assert.Equal("in dev", carol.Sink.Single().Text);
        Assert.Empty(bob.Sink.Events);
    }

    [Fact]
    public void Say_with_no_current_room_is_refused()
    {
        var alice = _hub.Connect();
        var bob = _hub.Connect();
        Assert.Equal(ChatError.None, _hub.Part(alice.Member, null, out _));
        bob.Sink.Clear();

        var error = _hub.Say(alice.Member, "anyone?", action: false, out var room);

        Assert.Equal(ChatError.NotInRoom, error);
        Assert.Null(room);
        Assert.Empty(bob.Sink.Events);
    }

    [Fact]
    public void Say_with_empty_text_is_refused()
    {
        var alice = _hub.Connect();
        var bob = _hub.Connect();
        bob.Sink.Clear();

        Assert.Equal(ChatError.EmptyText, _hub.Say(alice.Member, string.Empty, action: false, out _));
        Assert.Empty(bob.Sink.Events);
    }

    [Fact]
    public void A_private_message_reaches_only_its_target()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        var carol = _hub.Connect("carol");
        TestChat.ClearAll(alice, bob, carol);

        var error = _hub.SendPrivate(alice.Member, "BOB", "psst", out var target);

        Assert.Equal(ChatError.None, error);
        Assert.Same(bob.Member, target);
        var message = bob.Sink.Single();
        Assert.Equal(ChatEventKind.Private, message.Kind);
        Assert.Equal("psst", message.Text);
        Assert.Equal("alice", message.SourceName);
        Assert.Null(message.Room);
        Assert.Empty(alice.Sink.Events);
        Assert.Empty(carol.Sink.Events);
    }

    [Fact]
    public void A_private_message_reaches_someone_in_no_shared_room()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        Assert.Equal(ChatError.None, _hub.Part(bob.Member, null, out _));

        Assert.Equal(ChatError.None, _hub.SendPrivate(alice.Member, "bob", "hi", out _));
        Assert.Equal(ChatEventKind.Private, bob.Sink.Single().Kind);
    }

    [Fact]
    public void A_private_message_to_an_unknown_nick_is_refused()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        bob.Sink.Clear();

        var error = _hub.SendPrivate(alice.Member, "nobody", "hello?", out var target);

        Assert.Equal(ChatError.NoSuchNick, error);
        Assert.Null(target);
        Assert.Empty(bob.Sink.Events);
    }

    [Fact]
    public void A_private_message_with_empty_text_is_refused()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        bob.Sink.Clear();

        Assert.Equal(ChatError.EmptyText, _hub.SendPrivate(alice.Member, "bob", string.Empty, out _));
        Assert.Empty(bob.Sink.Events);
    }
}
