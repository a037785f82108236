using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>Permanent rooms (the default room, Chat:PermanentRooms): nobody's to hijack, never closed.</summary>
public class PermanentRoomTests
{
    [Fact]
    public void The_first_in_the_lobby_is_not_its_operator_and_cannot_ban_anyone()
    {
        var hub = TestChat.NewHub();
        var alice = hub.Connect("alice");
        var bob = hub.Connect("bob");

        Assert.False(hub.DefaultRoom.IsOperator(alice.Member));
        Assert.False(hub.DefaultRoom.IsOperator(bob.Member));
        Assert.Equal(ChatError.NotOperator, hub.SetModes(alice.Member, hub.DefaultRoom, [new ModeChange(true, 'b', "*!*@*")], out _, out _));
        Assert.Empty(hub.DefaultRoom.Bans);
    }

    [Fact]
    public void An_irc_user_alone_in_the_empty_lobby_is_not_its_operator()
    {
        var hub = TestChat.NewHub();
        var alice = hub.ConnectAs("alice");

        var lobby = hub.JoinOk(alice, "#lobby");

        Assert.Same(hub.DefaultRoom, lobby);
        Assert.Equal(1, lobby.Count);
        Assert.False(lobby.IsOperator(alice.Member));
    }

    [Fact]
    public void Other_new_rooms_still_make_their_first_joiner_operator()
    {
        var hub = TestChat.NewHub(new ChatOptions { PermanentRooms = ["help"] });
        var alice = hub.Connect("alice");

        var dev = hub.JoinOk(alice, "dev");

        Assert.True(dev.IsOperator(alice.Member));
        Assert.False(dev.IsPermanent);
    }

    [Fact]
    public void A_permanent_room_exists_empty_keeps_topic_and_modes_and_gives_no_operator()
    {
        var hub = TestChat.NewHub(new ChatOptions { PermanentRooms = ["#Help"] });
        var help = Assert.IsType<Room>(hub.FindRoom("help"));
        Assert.True(help.IsPermanent);
        Assert.False(help.IsDefault);
        Assert.Equal(["Help", "lobby"], hub.Rooms.Select(r => r.Name));
        Assert.Equal(0, help.Count);

        var alice = hub.Connect("alice");
        Assert.Same(help, hub.JoinOk(alice, "help"));
        Assert.False(help.IsOperator(alice.Member));
        Assert.Equal(ChatError.NotOperator, hub.SetTopic(alice.Member, help, "mine")); // +t from Chat:RoomModes
        Assert.Equal(ChatError.None, hub.Part(alice.Member, "help", out _));

        Assert.Same(help, hub.FindRoom("help"));
        Assert.True(help.Modes.TopicLocked);
    }

    [Fact]
    public void The_lobby_keeps_its_topic_when_everyone_has_left()
    {
        var hub = TestChat.NewHub();
        var alice = hub.Connect("alice");
        Assert.Equal(ChatError.None, hub.SetTopic(alice.Member, hub.DefaultRoom, "be kind"));
        hub.Disconnect(alice.Member, "bye");

        Assert.Equal(0, hub.DefaultRoom.Count);
        Assert.Equal("be kind", hub.DefaultRoom.Topic?.Text);
        Assert.Same(hub.DefaultRoom, hub.FindRoom("lobby"));
    }

    [Fact]
    public void A_bad_permanent_room_name_is_refused_naming_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ChatOptions { PermanentRooms = ["ok", "no way"] }.Validate());

        Assert.StartsWith("Chat:PermanentRooms:1 must be a room name: ", error.Message, StringComparison.Ordinal);
    }
}
