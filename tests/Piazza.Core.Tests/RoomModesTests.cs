using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="RoomModes"/>: made from letters, listed as the changes that set them.</summary>
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
    public void No_modes_are_no_changes()
    {
        Assert.Empty(RoomModes.None.AsChanges());
    }

    [Fact]
    public void Flags_are_listed_in_alphabetical_order()
    {
        Assert.Equal([Plus('i'), Plus('m'), Plus('n'), Plus('t')], RoomModes.FromLetters("tnmi").AsChanges());
        Assert.Equal([Plus('n'), Plus('t')], RoomModes.FromLetters("nt").AsChanges());
    }

    [Fact]
    public void The_key_and_the_limit_carry_their_arguments_in_letter_order()
    {
        var modes = new RoomModes(true, true, true, true, "s3cret", 5);

        Assert.Equal([Plus('i'), Plus('k', "s3cret"), Plus('l', "5"), Plus('m'), Plus('n'), Plus('t')], modes.AsChanges());
    }

    [Fact]
    public void A_key_or_a_limit_alone_has_its_argument()
    {
        Assert.Equal([Plus('k', "s3cret")], (RoomModes.None with { Key = "s3cret" }).AsChanges());
        Assert.Equal([Plus('l', "10")], (RoomModes.None with { Limit = 10 }).AsChanges());
        Assert.Equal([Plus('l', "10"), Plus('n')], (RoomModes.FromLetters("n") with { Limit = 10 }).AsChanges());
    }

    [Fact]
    public void The_changes_set_the_same_modes_on_a_room_without_any()
    {
        var hub = TestChat.NewHub(new ChatOptions { RoomModes = string.Empty });
        var alice = hub.Connect("alice");
        var dev = hub.JoinOk(alice, "dev");
        var modes = new RoomModes(true, true, true, true, "s3cret", 5);

        Assert.Empty(hub.SetModesOk(alice, dev, [.. modes.AsChanges()]));

        Assert.Equal(modes, dev.Modes);
    }

    [Fact]
    public void New_rooms_and_the_default_room_start_with_their_configured_modes()
    {
        var hub = TestChat.NewHub(new ChatOptions { RoomModes = "mi", DefaultRoomModes = "t" });
        var alice = hub.Connect("alice");

        var dev = hub.JoinOk(alice, "dev");

        Assert.Equal(RoomModes.FromLetters("im"), dev.Modes);
        Assert.Equal(RoomModes.FromLetters("t"), hub.DefaultRoom.Modes);
    }

    [Fact]
    public void By_default_new_rooms_are_nt_and_the_default_room_n()
    {
        var hub = TestChat.NewHub();
        var alice = hub.Connect("alice");

        Assert.Equal(RoomModes.FromLetters("nt"), hub.JoinOk(alice, "dev").Modes);
        Assert.Equal(RoomModes.FromLetters("n"), hub.DefaultRoom.Modes);
    }

    private static ModeChange Plus(char mode, string? argument = null) => new(true, mode, argument);
}
