using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="ChatHub.SetModes"/>: who may, what each mode does, and the event the room sees.</summary>
public class ChatHubModesTests
{
    private readonly ChatHub _hub = TestChat.NewHub();
    private readonly Client _alice;
    private readonly Client _bob;
    private readonly Room _dev;

    public ChatHubModesTests()
    {
        _alice = _hub.Connect("alice");
        _bob = _hub.Connect("bob");
        _dev = _hub.JoinOk(_alice, "dev"); // alice made it: its operator
        _hub.JoinOk(_bob, "dev");
        TestChat.ClearAll(_alice, _bob);
    }

    [Fact]
    public void Giving_a_status_someone_has_or_taking_one_they_lack_changes_nothing_and_tells_nobody()
    {
        var error = _hub.SetModes(_alice.Member, _dev, [Plus('o', "alice"), Minus('v', "bob"), Minus('o', "bob")], out var errors, out var changed);

        Assert.Equal(ChatError.None, error);
        Assert.Empty(errors);
        Assert.Null(changed);
        Assert.Empty(_alice.Sink.Events);
        Assert.Empty(_bob.Sink.Events);

        _hub.SetModes(_alice.Member, _dev, [Plus('v', "bob"), Plus('v', "bob")], out _, out var voiced);
        Assert.Equal("+v bob", voiced!.Modes.Count == 1 ? "+v " + voiced.Modes[0].Argument : "twice");
    }

    [Fact]
    public void A_non_operator_cannot_set_modes_and_nothing_changes()
    {
        var before = _dev.Modes;
        ModeChange[] changes = [Plus('m'), Minus('n'), Plus('k', "key"), Plus('l', "3"), Plus('o', "bob"), Plus('v', "bob"), Plus('b', "alice!*@*")];

        var error = _hub.SetModes(_bob.Member, _dev, changes, out var errors, out var changed);

        Assert.Equal(ChatError.NotOperator, error);
        Assert.Empty(errors);
        Assert.Null(changed);
        Assert.Equal(before, _dev.Modes);
        Assert.False(_dev.IsOperator(_bob.Member));
        Assert.False(_dev.IsVoiced(_bob.Member));
        Assert.Empty(_dev.Bans);
        Assert.Empty(_alice.Sink.Events);
        Assert.Empty(_bob.Sink.Events);
    }

    [Fact]
    public void An_operator_who_left_the_room_cannot_set_its_modes()
    {
        _hub.JoinOk(_alice, "dev2"); // keeps alice connected elsewhere
        Assert.Equal(ChatError.None, _hub.Part(_alice.Member, "dev", out _));

        var error = _hub.SetModes(_alice.Member, _dev, [Plus('m')], out _, out var changed);

        Assert.Equal(ChatError.NotOperator, error);
        Assert.Null(changed);
        Assert.False(_dev.Modes.Moderated);
    }

    [Theory]
    [InlineData('t')]
    [InlineData('n')]
    [InlineData('m')]
    [InlineData('i')]
    public void Each_flag_mode_turns_on_and_off_and_the_room_sees_it(char mode)
    {
        _hub.SetModesOk(_alice, _dev, Minus(mode));
        var off = _dev.Modes;
        Assert.False(Flag(off, mode));
        TestChat.ClearAll(_alice, _bob);

        var error = _hub.SetModes(_alice.Member, _dev, [Plus(mode)], out var errors, out var on);

        Assert.Equal(ChatError.None, error);
        Assert.Empty(errors);
        Assert.Equal(WithFlag(off, mode, true), _dev.Modes);
        Assert.NotNull(on);
        Assert.Equal(ChatEventKind.ModeChange, on.Kind);
        Assert.Equal([Plus(mode)], on.Modes);
        Assert.Same(_dev, on.Room);
        Assert.Same(_alice.Member, on.Source);
        Assert.Same(on, _bob.Sink.Single());
        Assert.Empty(_alice.Sink.Events);

        _hub.SetModes(_alice.Member, _dev, [Minus(mode)], out _, out var offAgain);

        Assert.Equal(off, _dev.Modes);
        Assert.Equal([Minus(mode)], offAgain?.Modes);
    }

    [Fact]
    public void Several_changes_are_one_event_in_order()
    {
        _hub.SetModesOk(_alice, _dev, Minus('n'), Minus('t'));
        TestChat.ClearAll(_alice, _bob);

        _hub.SetModes(_alice.Member, _dev, [Plus('n'), Plus('t')], out _, out var changed);

        Assert.Equal([Plus('n'), Plus('t')], changed?.Modes);
        Assert.Same(changed, _bob.Sink.Single());
        Assert.True(_dev.Modes.NoOutsideMessages);
        Assert.True(_dev.Modes.TopicLocked);
    }

    [Fact]
    public void Op_and_voice_changes_carry_their_nicks_in_order()
    {
        _hub.SetModesOk(_alice, _dev, Plus('v', "alice"));
        Assert.True(_dev.IsVoiced(_alice.Member));
        TestChat.ClearAll(_alice, _bob);

        _hub.SetModes(_alice.Member, _dev, [Plus('o', "bob"), Minus('v', "alice")], out var errors, out var changed);

        Assert.Empty(errors);
        Assert.Equal([Plus('o', "bob"), Minus('v', "alice")], changed?.Modes);
        Assert.True(_dev.IsOperator(_bob.Member));
        Assert.False(_dev.IsVoiced(_alice.Member));
        Assert.Same(changed, _bob.Sink.Single());
    }

    [Fact]
    public void A_nick_in_another_case_names_the_member_and_the_event_uses_its_own_spelling()
    {
        _hub.SetModes(_alice.Member, _dev, [Plus('v', "BOB")], out _, out var changed);

        Assert.True(_dev.IsVoiced(_bob.Member));
        Assert.Equal([Plus('v', "bob")], changed?.Modes);
    }

    [Fact]
    public void Taking_op_away_makes_the_member_an_ordinary_member()
    {
        _hub.SetModesOk(_alice, _dev, Plus('o', "bob"));
        Assert.True(_dev.IsOperator(_bob.Member));

        _hub.SetModes(_alice.Member, _dev, [Minus('o', "bob")], out _, out var changed);

        Assert.False(_dev.IsOperator(_bob.Member));
        Assert.Equal([Minus('o', "bob")], changed?.Modes);
        Assert.Equal(ChatError.NotOperator, _hub.SetModes(_bob.Member, _dev, [Plus('m')], out _, out _));
    }

    [Fact]
    public void A_key_is_set_shown_and_cleared_as_a_star()
    {
        _hub.SetModes(_alice.Member, _dev, [Plus('k', "s3cret")], out var errors, out var set);

        Assert.Empty(errors);
        Assert.Equal("s3cret", _dev.Modes.Key);
        Assert.Equal([Plus('k', "s3cret")], set?.Modes);

        _hub.SetModes(_alice.Member, _dev, [Minus('k')], out errors, out var cleared);

        Assert.Empty(errors);
        Assert.Null(_dev.Modes.Key);
        Assert.Equal([Minus('k', "*")], cleared?.Modes);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("two words")]
    [InlineData(" ")]
    [InlineData("abcdefghijklmnopqrstuvwx")] // 24 characters: over IRC's 23
    public void An_invalid_key_is_refused_and_the_key_stays(string? key)
    {
        _hub.SetModesOk(_alice, _dev, Plus('k', "old"));
        TestChat.ClearAll(_alice, _bob);
        var change = Plus('k', key);

        var error = _hub.SetModes(_alice.Member, _dev, [change], out var errors, out var changed);

        Assert.Equal(ChatError.None, error);
        Assert.Equal([(change, ChatError.InvalidModeArgument)], errors);
        Assert.Null(changed);
        Assert.Equal("old", _dev.Modes.Key);
        Assert.Empty(_bob.Sink.Events);
    }

    [Fact]
    public void A_limit_is_set_and_cleared()
    {
        _hub.SetModes(_alice.Member, _dev, [Plus('l', "5")], out var errors, out var set);

        Assert.Empty(errors);
        Assert.Equal(5, _dev.Modes.Limit);
        Assert.Equal([Plus('l', "5")], set?.Modes);

        _hub.SetModes(_alice.Member, _dev, [Minus('l')], out errors, out var cleared);

        Assert.Empty(errors);
        Assert.Null(_dev.Modes.Limit);
        Assert.Equal([Minus('l')], cleared?.Modes);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("x")]
    [InlineData("-3")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("99999999999")]
    public void An_invalid_limit_is_refused_and_the_limit_stays(string? limit)
    {
        _hub.SetModesOk(_alice, _dev, Plus('l', "7"));
        var change = Plus('l', limit);

        var error = _hub.SetModes(_alice.Member, _dev, [change], out var errors, out var changed);

        Assert.Equal(ChatError.None, error);
        Assert.Equal([(change, ChatError.InvalidModeArgument)], errors);
        Assert.Null(changed);
        Assert.Equal(7, _dev.Modes.Limit);
    }

    [Fact]
    public void Op_or_voice_for_an_outsider_or_an_unknown_nick_is_reported_and_the_rest_still_applies()
    {
        var carol = _hub.Connect("carol"); // in the lobby, not in dev
        ModeChange[] changes = [Plus('o', "carol"), Plus('v', "nobody"), Plus('m'), Plus('v', "bob")];

        var error = _hub.SetModes(_alice.Member, _dev, changes, out var errors, out var changed);

        Assert.Equal(ChatError.None, error);
        Assert.Equal([(changes[0], ChatError.TargetNotInRoom), (changes[1], ChatError.NoSuchNick)], errors);
        Assert.Equal([Plus('m'), Plus('v', "bob")], changed?.Modes);
        Assert.False(_dev.IsOperator(carol.Member));
        Assert.True(_dev.Modes.Moderated);
        Assert.True(_dev.IsVoiced(_bob.Member));
        Assert.Empty(carol.Sink.Events);
    }

    [Fact]
    public void Op_or_voice_without_a_nick_is_refused()
    {
        var change = Plus('o');

        _hub.SetModes(_alice.Member, _dev, [change], out var errors, out var changed);

        Assert.Equal([(change, ChatError.InvalidModeArgument)], errors);
        Assert.Null(changed);
    }

    [Fact]
    public void An_unknown_mode_letter_is_reported()
    {
        var change = Plus('x');

        _hub.SetModes(_alice.Member, _dev, [change, Plus('m')], out var errors, out var changed);

        Assert.Equal([(change, ChatError.UnknownMode)], errors);
        Assert.Equal([Plus('m')], changed?.Modes);
    }

    [Fact]
    public void A_ban_is_added_with_who_set_it_and_removed()
    {
        _hub.SetModes(_alice.Member, _dev, [Plus('b', "carol!*@*")], out var errors, out var added);

        Assert.Empty(errors);
        var ban = Assert.Single(_dev.Bans);
        Assert.Equal("carol!*@*", ban.Mask);
        Assert.Equal("alice", ban.SetBy);
        Assert.Equal([Plus('b', "carol!*@*")], added?.Modes);
        Assert.Same(added, _bob.Sink.Single());

        _hub.SetModes(_alice.Member, _dev, [Minus('b', "CAROL!*@*")], out errors, out var removed);

        Assert.Empty(errors);
        Assert.Empty(_dev.Bans);
        Assert.Equal([Minus('b', "CAROL!*@*")], removed?.Modes);
    }

    [Fact]
    public void A_duplicate_ban_in_any_case_is_ignored_without_an_event()
    {
        _hub.SetModesOk(_alice, _dev, Plus('b', "carol!*@*"));
        TestChat.ClearAll(_alice, _bob);

        var error = _hub.SetModes(_alice.Member, _dev, [Plus('b', "Carol!*@*")], out var errors, out var changed);

        Assert.Equal(ChatError.None, error);
        Assert.Empty(errors);
        Assert.Null(changed);
        Assert.Equal("carol!*@*", Assert.Single(_dev.Bans).Mask);
        Assert.Empty(_bob.Sink.Events);
    }

    [Fact]
    public void Removing_a_ban_that_is_not_there_changes_nothing()
    {
        _hub.SetModesOk(_alice, _dev, Plus('b', "carol!*@*"));
        TestChat.ClearAll(_alice, _bob);

        _hub.SetModes(_alice.Member, _dev, [Minus('b', "dave!*@*")], out var errors, out var changed);

        Assert.Empty(errors);
        Assert.Null(changed);
        Assert.Single(_dev.Bans);
        Assert.Empty(_bob.Sink.Events);
    }

    [Fact]
    public void A_ban_without_a_mask_is_refused()
    {
        var change = Plus('b', string.Empty);

        _hub.SetModes(_alice.Member, _dev, [change], out var errors, out var changed);

        Assert.Equal([(change, ChatError.InvalidModeArgument)], errors);
        Assert.Null(changed);
        Assert.Empty(_dev.Bans);
    }

    [Fact]
    public void The_ban_list_holds_at_most_MaxBansPerRoom()
    {
        var hub = TestChat.NewHub(new ChatOptions { MaxBansPerRoom = 2 });
        var alice = hub.Connect("alice");
        var room = hub.JoinOk(alice, "dev");
        ModeChange[] changes = [Plus('b', "a!*@*"), Plus('b', "b!*@*"), Plus('b', "c!*@*")];

        hub.SetModes(alice.Member, room, changes, out var errors, out var changed);

        Assert.Equal([(changes[2], ChatError.BanListFull)], errors);
        Assert.Equal([Plus('b', "a!*@*"), Plus('b', "b!*@*")], changed?.Modes);
        Assert.Equal(["a!*@*", "b!*@*"], room.Bans.Select(b => b.Mask));

        // Removing one makes room for another.
        Assert.Empty(hub.SetModesOk(alice, room, Minus('b', "a!*@*"), Plus('b', "c!*@*")));
        Assert.Equal(["b!*@*", "c!*@*"], room.Bans.Select(b => b.Mask));
    }

    [Fact]
    public void A_ban_exception_lets_a_banned_member_in_and_its_removal_bans_again()
    {
        var carol = _hub.Connect("carol");
        _hub.SetModesOk(_alice, _dev, Plus('b', "carol"), Plus('e', "carol"));

        Assert.Equal(["carol!*@*"], _dev.Exceptions.Select(e => e.Mask));
        Assert.False(_dev.IsBanned(carol.Member));
        Assert.Equal(ChatError.None, _hub.Join(carol.Member, "dev", out _, out _));

        _hub.SetModesOk(_alice, _dev, Minus('e', "carol"));
        Assert.Empty(_dev.Exceptions);
        Assert.True(_dev.IsBanned(carol.Member));
    }

    [Fact]
    public void An_invite_exception_lets_a_member_past_invite_only_and_no_one_else()
    {
        var carol = _hub.Connect("carol");
        var dave = _hub.Connect("dave");
        _hub.SetModesOk(_alice, _dev, Plus('i'), Plus('I', "carol!*@*"));

        Assert.Equal(ChatError.None, _hub.Join(carol.Member, "dev", out _, out _));
        Assert.Equal(ChatError.InviteOnly, _hub.Join(dave.Member, "dev", out _, out _));
    }

    [Fact]
    public void Each_list_mode_has_its_own_bounded_list()
    {
        var hub = TestChat.NewHub(new ChatOptions { MaxBansPerRoom = 1 });
        var alice = hub.Connect("alice");
        var room = hub.JoinOk(alice, "dev");
        ModeChange[] changes = [Plus('b', "a"), Plus('e', "a"), Plus('I', "a"), Plus('I', "b")];

        hub.SetModes(alice.Member, room, changes, out var errors, out _);

        Assert.Equal([(changes[3], ChatError.BanListFull)], errors);
        Assert.Single(room.Bans);
        Assert.Single(room.Exceptions);
        Assert.Equal(["a!*@*"], room.InviteExceptions.Select(e => e.Mask));
    }

    [Fact]
    public void Under_no_ctcp_only_actions_and_plain_text_are_sent()
    {
        _hub.SetModesOk(_alice, _dev, Plus('C'));
        Assert.True(_dev.Modes.NoCtcp);
        Assert.Equal([Plus('C')], _dev.Modes.AsChanges().Where(c => c.Mode == 'C'));

        Assert.Equal(ChatError.CannotSend, _hub.SendToRoom(_bob.Member, _dev, "\u0001VERSION\u0001", MessageStyle.Text, out _));
        Assert.Equal(ChatError.CannotSend, _hub.SendToRoom(_bob.Member, _dev, "\u0001PING 1\u0001", MessageStyle.Notice, out _));
        Assert.Equal(ChatError.None, _hub.SendToRoom(_bob.Member, _dev, "waves", MessageStyle.Action, out _));
        Assert.Equal(ChatError.None, _hub.SendToRoom(_bob.Member, _dev, "hello \u0001", MessageStyle.Text, out _));

        _hub.SetModesOk(_alice, _dev, Minus('C'));
        Assert.Equal(ChatError.None, _hub.SendToRoom(_bob.Member, _dev, "\u0001VERSION\u0001", MessageStyle.Text, out _));
    }

    [Fact]
    public void A_mute_lets_a_member_join_but_not_speak_and_an_exception_lifts_it()
    {
        var carol = _hub.Connect("carol");
        _hub.SetModesOk(_alice, _dev, Plus('b', "m:carol"));

        Assert.Equal(ChatError.None, _hub.Join(carol.Member, "dev", out _, out _));
        Assert.True(_dev.IsMuted(carol.Member));
        Assert.False(_dev.IsBanned(carol.Member));
        Assert.Equal(ChatError.CannotSend, _hub.SendToRoom(carol.Member, _dev, "hi", MessageStyle.Text, out _));

        _hub.SetModesOk(_alice, _dev, Plus('e', "m:carol"));
        Assert.Equal(ChatError.None, _hub.SendToRoom(carol.Member, _dev, "hi", MessageStyle.Text, out _));
    }

    [Fact]
    public void A_status_message_reaches_only_its_audience()
    {
        var carol = _hub.Connect("carol");
        _hub.JoinOk(carol, "dev");
        _hub.SetModesOk(_alice, _dev, Plus('v', "bob"));
        TestChat.ClearAll(_alice, _bob, carol);

        Assert.Equal(ChatError.None, _hub.SendToRoomStatus(carol.Member, _dev, RoomAudience.Operators, "ops", MessageStyle.Text, out var toOps));
        Assert.Equal(ChatError.None, _hub.SendToRoomStatus(carol.Member, _dev, RoomAudience.VoicedAndOperators, "voiced", MessageStyle.Text, out _));

        Assert.Equal(RoomAudience.Operators, toOps!.Audience);
        Assert.Equal(["ops", "voiced"], _alice.Sink.Events.Select(e => e.Text));
        Assert.Equal(["voiced"], _bob.Sink.Events.Select(e => e.Text));
        Assert.Empty(carol.Sink.Events);
        Assert.Equal(ChatError.EmptyText, _hub.SendToRoomStatus(carol.Member, _dev, RoomAudience.Operators, string.Empty, MessageStyle.Text, out _));
    }

    [Fact]
    public void A_flag_already_set_is_not_announced_again()
    {
        Assert.True(_dev.Modes.NoOutsideMessages);

        _hub.SetModes(_alice.Member, _dev, [Plus('n')], out var errors, out var changed);

        Assert.Empty(errors);
        Assert.Null(changed);
        Assert.Empty(_bob.Sink.Events);
    }

    private static ModeChange Plus(char mode, string? argument = null) => new(true, mode, argument);

    private static ModeChange Minus(char mode, string? argument = null) => new(false, mode, argument);

    private static bool Flag(RoomModes modes, char mode) => mode switch
    {
        't' => modes.TopicLocked,
        'n' => modes.NoOutsideMessages,
        'm' => modes.Moderated,
        'i' => modes.InviteOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    private static RoomModes WithFlag(RoomModes modes, char mode, bool on) => mode switch
    {
        't' => modes with { TopicLocked = on },
        'n' => modes with { NoOutsideMessages = on },
        'm' => modes with { Moderated = on },
        'i' => modes with { InviteOnly = on },
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };
}
