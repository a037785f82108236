using System.Text;

using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="ChatHub.Kick"/> and <see cref="ChatHub.Invite"/>.</summary>
public class ChatHubKickInviteTests
{
    private readonly ChatHub _hub = TestChat.NewHub();
    private readonly Client _alice;
    private readonly Client _bob;
    private readonly Client _carol;
    private readonly Client _dave;
    private readonly Room _dev;

    public ChatHubKickInviteTests()
    {
        _alice = _hub.Connect("alice");
        _bob = _hub.Connect("bob");
        _carol = _hub.Connect("carol");
        _dave = _hub.Connect("dave"); // in the lobby only
        _dev = _hub.JoinOk(_alice, "dev"); // alice is dev's operator
        _hub.JoinOk(_bob, "dev");
        _hub.JoinOk(_carol, "dev");
        TestChat.ClearAll(_alice, _bob, _carol, _dave);
    }

    [Fact]
    public void An_operator_kicks_a_member_and_the_room_sees_it_with_the_reason()
    {
        var error = _hub.Kick(_alice.Member, _dev, "BOB", "spam", out var kicked);

        Assert.Equal(ChatError.None, error);
        Assert.NotNull(kicked);
        Assert.Equal(ChatEventKind.Kick, kicked.Kind);
        Assert.Same(_alice.Member, kicked.Source);
        Assert.Same(_bob.Member, kicked.Target);
        Assert.Equal("bob", kicked.TargetNick);
        Assert.Same(_dev, kicked.Room);
        Assert.Equal("spam", kicked.Text);
        Assert.Same(kicked, _bob.Sink.Single());
        Assert.Same(kicked, _carol.Sink.Single());
        Assert.Empty(_alice.Sink.Events);
        Assert.Empty(_dave.Sink.Events);
    }

    [Fact]
    public void The_kicked_member_leaves_and_its_current_room_moves()
    {
        var far = _hub.JoinOk(_bob, "far");
        _hub.JoinOk(_bob, "dev"); // current again: rooms are lobby, dev, far
        Assert.Same(_dev, _bob.Member.CurrentRoom);

        Assert.Equal(ChatError.None, _hub.Kick(_alice.Member, _dev, "bob", "out", out _));

        Assert.False(_dev.Contains(_bob.Member));
        Assert.Equal([_hub.DefaultRoom, far], _bob.Member.Rooms);
        Assert.Same(far, _bob.Member.CurrentRoom);
        Assert.Equal(2, _dev.Count);
    }

    [Fact]
    public void A_kicked_operator_loses_its_status()
    {
        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'o', "bob"));

        Assert.Equal(ChatError.None, _hub.Kick(_alice.Member, _dev, "bob", "out", out _));
        Assert.Equal(ChatError.None, _hub.Join(_bob.Member, "dev", out _, out _));

        Assert.False(_dev.IsOperator(_bob.Member));
    }

    [Fact]
    public void A_non_operator_cannot_kick()
    {
        var error = _hub.Kick(_bob.Member, _dev, "carol", "no", out var kicked);

        Assert.Equal(ChatError.NotOperator, error);
        Assert.Null(kicked);
        Assert.True(_dev.Contains(_carol.Member));
        Assert.Empty(_carol.Sink.Events);
    }

    [Fact]
    public void A_member_outside_the_room_cannot_kick()
    {
        var error = _hub.Kick(_dave.Member, _dev, "carol", "no", out var kicked);

        Assert.Equal(ChatError.NotInRoom, error);
        Assert.Null(kicked);
        Assert.True(_dev.Contains(_carol.Member));
    }

    [Fact]
    public void Kicking_an_unknown_nick_is_refused()
    {
        Assert.Equal(ChatError.NoSuchNick, _hub.Kick(_alice.Member, _dev, "nobody", "no", out var kicked));
        Assert.Null(kicked);
    }

    [Fact]
    public void The_target_must_be_in_the_room()
    {
        var error = _hub.Kick(_alice.Member, _dev, "dave", "no", out var kicked);

        Assert.Equal(ChatError.TargetNotInRoom, error);
        Assert.Null(kicked);
        Assert.Empty(_dave.Sink.Events);
        Assert.Empty(_bob.Sink.Events);
        Assert.Same(_hub.DefaultRoom, _dave.Member.CurrentRoom);
    }

    [Fact]
    public void A_long_kick_reason_is_cut_to_MaxReasonLength_bytes()
    {
        var hub = TestChat.NewHub(new ChatOptions { MaxReasonLength = 8 });
        var alice = hub.Connect("alice");
        var bob = hub.Connect("bob");
        var room = hub.JoinOk(alice, "dev");
        hub.JoinOk(bob, "dev");

        Assert.Equal(ChatError.None, hub.Kick(alice.Member, room, "bob", "ééééé", out var kicked)); // 10 bytes

        Assert.Equal("éééé", kicked?.Text);
        Assert.Equal(8, Encoding.UTF8.GetByteCount(kicked!.Text));
    }

    [Fact]
    public void An_invitation_reaches_the_target_and_the_room_but_not_the_inviter()
    {
        var error = _hub.Invite(_bob.Member, "DAVE", _dev, out var target, out var invited);

        Assert.Equal(ChatError.None, error);
        Assert.Same(_dave.Member, target);
        Assert.NotNull(invited);
        Assert.Equal(ChatEventKind.Invite, invited.Kind);
        Assert.Same(_bob.Member, invited.Source);
        Assert.Same(_dave.Member, invited.Target);
        Assert.Equal("dave", invited.TargetNick);
        Assert.Same(_dev, invited.Room);
        Assert.Same(invited, _dave.Sink.Single());
        Assert.Same(invited, _alice.Sink.Single()); // invite-notify
        Assert.Same(invited, _carol.Sink.Single());
        Assert.Empty(_bob.Sink.Events);
    }

    [Fact]
    public void An_inviter_outside_the_room_is_refused()
    {
        var eve = _hub.Connect("eve");
        TestChat.ClearAll(_alice, _bob, _carol, _dave);

        var error = _hub.Invite(_dave.Member, "eve", _dev, out _, out var invited);

        Assert.Equal(ChatError.NotInRoom, error);
        Assert.Null(invited);
        Assert.Empty(eve.Sink.Events);
        Assert.Empty(_alice.Sink.Events);
    }

    [Fact]
    public void Inviting_an_unknown_nick_is_refused()
    {
        Assert.Equal(ChatError.NoSuchNick, _hub.Invite(_alice.Member, "nobody", _dev, out var target, out var invited));
        Assert.Null(target);
        Assert.Null(invited);
    }

    [Fact]
    public void Under_i_only_operators_invite()
    {
        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'i', null));
        TestChat.ClearAll(_alice, _bob, _carol);

        Assert.Equal(ChatError.NotOperator, _hub.Invite(_bob.Member, "dave", _dev, out _, out var refused));
        Assert.Null(refused);
        Assert.Empty(_dave.Sink.Events);
        Assert.Equal(ChatError.InviteOnly, _hub.Join(_dave.Member, "dev", null, out _, out _, out _));

        Assert.Equal(ChatError.None, _hub.Invite(_alice.Member, "dave", _dev, out _, out var invited));
        Assert.Same(invited, _dave.Sink.Single());
    }

    [Fact]
    public void Inviting_someone_already_in_the_room_is_refused()
    {
        var error = _hub.Invite(_alice.Member, "bob", _dev, out _, out var invited);

        Assert.Equal(ChatError.TargetInRoom, error);
        Assert.Null(invited);
        Assert.Empty(_bob.Sink.Events);
        Assert.Empty(_carol.Sink.Events);
    }
}
