using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>
/// <see cref="ChatHub.Join(Member, string, string?, out Room?, out bool, out ChatEvent?)"/>: the
/// entry checks (bans, +i, +k, +l), invitations, and who becomes operator.
/// </summary>
public class ChatHubEntryTests
{
    private readonly ChatHub _hub = TestChat.NewHub();
    private readonly Client _alice;
    private readonly Client _bob;
    private readonly Room _dev;

    public ChatHubEntryTests()
    {
        _alice = _hub.Connect("alice");
        _bob = _hub.Connect("bob"); // a plain client: bob!~plain@127.0.0.1
        _dev = _hub.JoinOk(_alice, "dev");
        TestChat.ClearAll(_alice, _bob);
    }

    [Theory]
    [InlineData("bob!*@*")]
    [InlineData("*!*@127.0.0.1")]
    [InlineData("*!~plain@*")]
    [InlineData("BOB!*@*")]
    [InlineData("*!~PLAIN@*")]
    [InlineData("b?b!~plain@127.0.0.*")]
    [InlineData("*")]
    public void A_banned_member_is_refused(string mask)
    {
        Set(Plus('b', mask));

        var error = Join(_bob, "dev");

        Assert.Equal(ChatError.Banned, error);
        AssertRefused(_bob);
    }

    [Theory]
    [InlineData("bobby!*@*")]
    [InlineData("*!*@10.0.0.1")]
    [InlineData("*!~irc@*")]
    [InlineData("bo!*@*")]
    public void A_ban_that_does_not_match_lets_the_member_in(string mask)
    {
        Set(Plus('b', mask));

        Assert.Equal(ChatError.None, Join(_bob, "dev"));
        Assert.True(_dev.Contains(_bob.Member));
    }

    [Fact]
    public void An_invite_only_room_refuses_the_uninvited()
    {
        Set(Plus('i'));

        Assert.Equal(ChatError.InviteOnly, Join(_bob, "dev"));
        AssertRefused(_bob);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData("SECRET")]
    public void A_room_with_a_key_refuses_a_missing_or_wrong_key(string? key)
    {
        Set(Plus('k', "secret"));

        Assert.Equal(ChatError.BadKey, Join(_bob, "dev", key));
        AssertRefused(_bob);
    }

    [Fact]
    public void The_right_key_lets_the_member_in_and_the_room_sees_it()
    {
        Set(Plus('k', "secret"));

        Assert.Equal(ChatError.None, _hub.Join(_bob.Member, "dev", "secret", out var room, out var alreadyIn, out var joined));

        Assert.Same(_dev, room);
        Assert.False(alreadyIn);
        Assert.True(_dev.Contains(_bob.Member));
        Assert.Same(_dev, _bob.Member.CurrentRoom);
        Assert.NotNull(joined);
        Assert.Equal(ChatEventKind.Join, joined.Kind);
        Assert.Same(joined, _alice.Sink.Single());
    }

    [Fact]
    public void A_member_already_in_a_keyed_room_needs_no_key_to_make_it_current()
    {
        Set(Plus('k', "secret"));
        _hub.JoinOk(_alice, "other");

        Assert.Equal(ChatError.None, _hub.Join(_alice.Member, "dev", null, out var room, out var alreadyIn, out _));

        Assert.True(alreadyIn);
        Assert.Same(_dev, room);
        Assert.Same(_dev, _alice.Member.CurrentRoom);
    }

    [Fact]
    public void A_full_room_refuses_until_someone_leaves()
    {
        var carol = _hub.Connect("carol");
        _hub.JoinOk(carol, "dev");
        Set(Plus('l', "2"));
        TestChat.ClearAll(_alice, carol);

        Assert.Equal(ChatError.RoomFull, Join(_bob, "dev"));
        AssertRefused(_bob);
        Assert.Empty(carol.Sink.Events);

        Assert.Equal(ChatError.None, _hub.Part(carol.Member, "dev", out _));
        Assert.Equal(ChatError.None, Join(_bob, "dev"));
        Assert.Equal(2, _dev.Count);
    }

    [Fact]
    public void A_room_under_its_limit_lets_members_in()
    {
        Set(Plus('l', "2"));

        Assert.Equal(ChatError.None, Join(_bob, "dev"));
    }

    [Theory]
    [InlineData("i")]
    [InlineData("k")]
    [InlineData("l")]
    [InlineData("b")]
    [InlineData("iklb")]
    public void An_invitation_passes_the_entry_checks(string checks)
    {
        if (checks.Contains('i', StringComparison.Ordinal))
        {
            Set(Plus('i'));
        }

        if (checks.Contains('k', StringComparison.Ordinal))
        {
            Set(Plus('k', "secret"));
        }

        if (checks.Contains('l', StringComparison.Ordinal))
        {
            Set(Plus('l', "1"));
        }

        if (checks.Contains('b', StringComparison.Ordinal))
        {
            Set(Plus('b', "bob!*@*"));
        }

        Assert.NotEqual(ChatError.None, Join(_bob, "dev"));
        Assert.Equal(ChatError.None, _hub.Invite(_alice.Member, "bob", _dev, out _, out _));

        Assert.Equal(ChatError.None, Join(_bob, "dev"));
        Assert.True(_dev.Contains(_bob.Member));
    }

    [Fact]
    public void An_invitation_is_used_up_by_joining()
    {
        Set(Plus('i'));
        Assert.Equal(ChatError.None, _hub.Invite(_alice.Member, "bob", _dev, out _, out _));
        Assert.Equal(ChatError.None, Join(_bob, "dev"));
        Assert.Equal(ChatError.None, _hub.Part(_bob.Member, "dev", out _));
        TestChat.ClearAll(_alice, _bob);

        Assert.Equal(ChatError.InviteOnly, Join(_bob, "dev"));
        AssertRefused(_bob);
    }

    [Fact]
    public void An_invitation_is_for_the_invited_member_only()
    {
        var carol = _hub.Connect("carol");
        Set(Plus('i'));
        Assert.Equal(ChatError.None, _hub.Invite(_alice.Member, "bob", _dev, out _, out _));

        Assert.Equal(ChatError.InviteOnly, Join(carol, "dev"));
    }

    [Fact]
    public void The_first_joiner_is_operator_and_later_joiners_are_not()
    {
        Assert.True(_dev.IsOperator(_alice.Member));

        Assert.Equal(ChatError.None, Join(_bob, "dev"));

        Assert.False(_dev.IsOperator(_bob.Member));
        Assert.False(_dev.IsVoiced(_bob.Member));
    }

    [Fact]
    public void Operator_status_is_dropped_on_part_and_not_regained_by_rejoining_a_room_with_members()
    {
        _hub.JoinOk(_bob, "dev");
        Assert.Equal(ChatError.None, _hub.Part(_alice.Member, "dev", out _));
        Assert.False(_dev.IsOperator(_alice.Member));

        Assert.Equal(ChatError.None, Join(_alice, "dev"));

        Assert.False(_dev.IsOperator(_alice.Member));
        Assert.False(_dev.IsOperator(_bob.Member));
    }

    [Fact]
    public void Voice_is_dropped_on_part()
    {
        _hub.JoinOk(_bob, "dev");
        Set(Plus('v', "bob"));
        Assert.Equal(ChatError.None, _hub.Part(_bob.Member, "dev", out _));

        Assert.Equal(ChatError.None, Join(_bob, "dev"));

        Assert.False(_dev.IsVoiced(_bob.Member));
    }

    [Fact]
    public void The_first_joiner_of_an_emptied_and_recreated_room_is_operator_again()
    {
        _hub.JoinOk(_bob, "dev");
        Assert.Equal(ChatError.None, _hub.Part(_alice.Member, "dev", out _));
        Assert.Equal(ChatError.None, _hub.Part(_bob.Member, "dev", out _));
        Assert.Null(_hub.FindRoom("dev"));

        var again = _hub.JoinOk(_bob, "dev");

        Assert.NotSame(_dev, again);
        Assert.True(again.IsOperator(_bob.Member));
    }

    [Fact]
    public void A_recreated_room_forgets_its_old_modes_and_bans()
    {
        Set(Plus('i'), Plus('b', "bob!*@*"), Plus('k', "secret"));
        Assert.Equal(ChatError.None, _hub.Part(_alice.Member, "dev", out _));

        var again = _hub.JoinOk(_bob, "dev");

        Assert.Equal(RoomModes.FromLetters(_hub.Options.RoomModes), again.Modes);
        Assert.Empty(again.Bans);
    }

    private static ModeChange Plus(char mode, string? argument = null) => new(true, mode, argument);

    private void Set(params ModeChange[] changes) => Assert.Empty(_hub.SetModesOk(_alice, _dev, changes));

    private ChatError Join(Client client, string roomName, string? key = null) =>
        _hub.Join(client.Member, roomName, key, out _, out _, out _);

    private void AssertRefused(Client client)
    {
        Assert.False(_dev.Contains(client.Member));
        Assert.Same(_hub.DefaultRoom, client.Member.CurrentRoom);
        Assert.Equal([_hub.DefaultRoom], client.Member.Rooms);
        Assert.DoesNotContain(_alice.Sink.Events, e => e.Kind == ChatEventKind.Join);
    }
}
