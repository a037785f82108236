using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="RoomModes"/>: made from letters, written as IRC's mode string.</summary>
public class RoomModesTests
{
    [Fact]
    public void FromLetters_sets_the_flags_named_and_ignores_other_letters()
    {
        Assert.Equal(new RoomModes(TopicLocked: true, NoOutsideMessages: true, false, false, null, null), RoomModes.FromLetters("nt"));
        Assert.Equal(new RoomModes(true, true, true, true, null, null), RoomModes.FromLetters("imnt"));
        Assert.Equal(RoomModes.FromLetters("n"), RoomModes.FromLetters("nxkl5"));
        Assert.Equal(RoomModes.None, RoomModes.FromLetters(string.Empty));
    }

    [Fact]
    public void No_modes_is_a_plus_alone()
    {
        Assert.Equal("+", RoomModes.None.ToModeString(showKey: true));
    }

    [Fact]
    public void Flags_are_written_in_alphabetical_order()
    {
        Assert.Equal("+imnt", RoomModes.FromLetters("tnmi").ToModeString(showKey: false));
        Assert.Equal("+nt", RoomModes.FromLetters("nt").ToModeString(showKey: false));
    }

    [Fact]
    public void The_key_is_shown_only_when_asked_and_the_limit_always()
    {
        var modes = new RoomModes(true, true, true, true, "s3cret", 5);

        Assert.Equal("+iklmnt s3cret 5", modes.ToModeString(showKey: true));
        Assert.Equal("+iklmnt * 5", modes.ToModeString(showKey: false));
    }

    [Fact]
    public void A_key_or_a_limit_alone_has_its_argument()
    {
        Assert.Equal("+k s3cret", (RoomModes.None with { Key = "s3cret" }).ToModeString(showKey: true));
        Assert.Equal("+k *", (RoomModes.None with { Key = "s3cret" }).ToModeString(showKey: false));
        Assert.Equal("+l 10", (RoomModes.None with { Limit = 10 }).ToModeString(showKey: false));
        Assert.Equal("+ln 10", (RoomModes.FromLetters("n") with { Limit = 10 }).ToModeString(showKey: true));
    }

    [Fact]
    public void New_rooms_and_the_default_room_start_with_their_configured_modes()
    {
        var hub = TestChat.NewHub(new ChatOptions { RoomModes = "mi", DefaultRoomModes = "t" });
        var alice = hub.Connect("alice");

        var dev = hub.JoinOk(alice, "dev");

        Assert.Equal("+im", dev.Modes.ToModeString(showKey: true));
        Assert.Equal("+t", hub.DefaultRoom.Modes.ToModeString(showKey: true));
    }

    [Fact]
    public void By_default_new_rooms_are_nt_and_the_default_room_n()
    {
        var hub = TestChat.NewHub();
        var alice = hub.Connect("alice");

        Assert.Equal(RoomModes.FromLetters("nt"), hub.JoinOk(alice, "dev").Modes);
        Assert.Equal(RoomModes.FromLetters("n"), hub.DefaultRoom.Modes);
    }
}
