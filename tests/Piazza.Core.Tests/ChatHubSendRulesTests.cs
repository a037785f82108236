using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>
/// <see cref="ChatHub.SendToRoom"/> under the room's modes (+n, +m, bans) and
/// <see cref="ChatHub.SendPrivate(Member, string, string, MessageStyle, out Member?, out ChatEvent?)"/> with styles.
/// </summary>
public class ChatHubSendRulesTests
{
    private static readonly KeyValuePair<string, string>[] Typing = [new("+typing", "active")];
    private readonly ChatHub _hub = TestChat.NewHub();
    private readonly Client _alice;
    private readonly Client _bob;
    private readonly Client _carol;
    private readonly Room _dev;

    public ChatHubSendRulesTests()
    {
        _alice = _hub.Connect("alice");
        _bob = _hub.Connect("bob");
        _carol = _hub.Connect("carol"); // in the lobby, outside dev
        _dev = _hub.JoinOk(_alice, "dev"); // new rooms are +nt; alice is the operator
        _hub.JoinOk(_bob, "dev");
        TestChat.ClearAll(_alice, _bob, _carol);
    }

    [Fact]
    public void Under_n_an_outsider_cannot_send()
    {
        Assert.True(_dev.Modes.NoOutsideMessages);

        var error = _hub.SendToRoom(_carol.Member, _dev, "hi", MessageStyle.Text, out var said);

        Assert.Equal(ChatError.CannotSend, error);
        Assert.Null(said);
        Assert.Empty(_alice.Sink.Events);
        Assert.Empty(_bob.Sink.Events);
    }

    [Fact]
    public void Without_n_an_outsider_reaches_every_member()
    {
        _hub.SetModesOk(_alice, _dev, new ModeChange(false, 'n', null));
        TestChat.ClearAll(_alice, _bob);

        var error = _hub.SendToRoom(_carol.Member, _dev, "hi", MessageStyle.Notice, out var said);

        Assert.Equal(ChatError.None, error);
        Assert.NotNull(said);
        Assert.Equal(ChatEventKind.Message, said.Kind);
        Assert.Equal(MessageStyle.Notice, said.Style);
        Assert.Same(_dev, said.Room);
        Assert.Equal("hi", said.Text);
        Assert.Same(said, _alice.Sink.Single());
        Assert.Same(said, _bob.Sink.Single());
        Assert.Empty(_carol.Sink.Events);
    }

    [Fact]
    public void Under_m_an_unvoiced_member_cannot_speak()
    {
        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'm', null));
        TestChat.ClearAll(_alice, _bob);

        var error = _hub.SendToRoom(_bob.Member, _dev, "hi", MessageStyle.Text, out var said);

        Assert.Equal(ChatError.CannotSend, error);
        Assert.Null(said);
        Assert.Empty(_alice.Sink.Events);
    }

    [Fact]
    public void Under_m_voiced_members_and_operators_speak()
    {
        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'm', null), new ModeChange(true, 'v', "bob"));
        TestChat.ClearAll(_alice, _bob);

        Assert.Equal(ChatError.None, _hub.SendToRoom(_bob.Member, _dev, "from bob", MessageStyle.Text, out var fromBob));
        Assert.Equal(ChatError.None, _hub.SendToRoom(_alice.Member, _dev, "from alice", MessageStyle.Action, out var fromAlice));

        Assert.Same(fromBob, _alice.Sink.Single());
        Assert.Same(fromAlice, _bob.Sink.Single());
        Assert.Equal(MessageStyle.Action, fromAlice?.Style);
    }

    [Fact]
    public void Under_m_an_outsider_cannot_send_even_without_n()
    {
        _hub.SetModesOk(_alice, _dev, new ModeChange(false, 'n', null), new ModeChange(true, 'm', null));
        TestChat.ClearAll(_alice, _bob);

        var error = _hub.SendToRoom(_carol.Member, _dev, "hi", MessageStyle.Text, out var said);

        Assert.Equal(ChatError.CannotSend, error);
        Assert.Null(said);
        Assert.Empty(_alice.Sink.Events);
    }

    [Fact]
    public void Losing_voice_under_m_silences_the_member_again()
    {
        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'm', null), new ModeChange(true, 'v', "bob"));
        _hub.SetModesOk(_alice, _dev, new ModeChange(false, 'v', "bob"));

        Assert.Equal(ChatError.CannotSend, _hub.SendToRoom(_bob.Member, _dev, "hi", MessageStyle.Text, out _));
    }

    [Fact]
    public void A_banned_member_inside_cannot_speak()
    {
        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'b', "bob!*@*"));
        TestChat.ClearAll(_alice, _bob);
        Assert.True(_dev.Contains(_bob.Member));

        var error = _hub.SendToRoom(_bob.Member, _dev, "hi", MessageStyle.Text, out var said);

        Assert.Equal(ChatError.CannotSend, error);
        Assert.Null(said);
        Assert.Empty(_alice.Sink.Events);
    }

    [Theory]
    [InlineData('v')]
    [InlineData('o')]
    public void A_banned_member_with_voice_or_op_speaks(char status)
    {
        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'b', "bob!*@*"), new ModeChange(true, status, "bob"));
        TestChat.ClearAll(_alice, _bob);

        var error = _hub.SendToRoom(_bob.Member, _dev, "hi", MessageStyle.Text, out var said);

        Assert.Equal(ChatError.None, error);
        Assert.Same(said, _alice.Sink.Single());
    }

    [Fact]
    public void Lifting_the_ban_lets_the_member_speak_again()
    {
        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'b', "bob!*@*"));
        _hub.SetModesOk(_alice, _dev, new ModeChange(false, 'b', "bob!*@*"));

        Assert.Equal(ChatError.None, _hub.SendToRoom(_bob.Member, _dev, "hi", MessageStyle.Text, out _));
    }

    [Fact]
    public void Empty_text_is_refused_before_the_modes()
    {
        Assert.Equal(ChatError.EmptyText, _hub.SendToRoom(_carol.Member, _dev, string.Empty, MessageStyle.Text, out var said));
        Assert.Null(said);
    }

    [Theory]
    [InlineData(MessageStyle.Text)]
    [InlineData(MessageStyle.Action)]
    [InlineData(MessageStyle.Notice)]
    public void A_private_message_keeps_its_style_and_names_its_target(MessageStyle style)
    {
        var error = _hub.SendPrivate(_alice.Member, "CAROL", "psst", style, out var target, out var sent);

        Assert.Equal(ChatError.None, error);
        Assert.Same(_carol.Member, target);
        Assert.NotNull(sent);
        Assert.Equal(ChatEventKind.Private, sent.Kind);
        Assert.Equal(style, sent.Style);
        Assert.Same(_carol.Member, sent.Target);
        Assert.Equal("carol", sent.TargetNick);
        Assert.Null(sent.Room);
        Assert.Equal("psst", sent.Text);
        Assert.Same(sent, _carol.Sink.Single());
        Assert.Empty(_alice.Sink.Events);
        Assert.Empty(_bob.Sink.Events);
    }

    [Fact]
    public void The_target_nick_of_an_event_is_fixed_when_it_is_made()
    {
        _hub.SendPrivate(_alice.Member, "carol", "psst", MessageStyle.Text, out _, out var sent);

        Assert.Equal(ChatError.None, _hub.ChangeNick(_carol.Member, "caroline", out _));

        Assert.Equal("carol", sent?.TargetNick);
        Assert.Same(_carol.Member, sent?.Target);
    }

    [Fact]
    public void Tag_messages_follow_the_same_rules_and_reach_the_others_as_tag_messages()
    {
        Assert.Equal(ChatError.CannotSend, _hub.SendTagsToRoom(_carol.Member, _dev, Typing, out var refused));
        Assert.Null(refused);
        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'b', "bob!*@*"));
        Assert.Equal(ChatError.CannotSend, _hub.SendTagsToRoom(_bob.Member, _dev, Typing, out _));
        _hub.SetModesOk(_alice, _dev, new ModeChange(false, 'b', "bob!*@*"), new ModeChange(true, 'm', null));
        Assert.Equal(ChatError.CannotSend, _hub.SendTagsToRoom(_bob.Member, _dev, Typing, out _));
        TestChat.ClearAll(_alice, _bob);

        Assert.Equal(ChatError.None, _hub.SendTagsToRoom(_alice.Member, _dev, Typing, out var sent));
        Assert.Equal(ChatEventKind.TagMessage, sent!.Kind);
        Assert.Equal(Typing, sent.Tags);
        Assert.Empty(sent.Text);
        Assert.Same(sent, _bob.Sink.Single());
        Assert.Empty(_alice.Sink.Events);

        Assert.Equal(ChatError.None, _hub.SendTagsPrivate(_bob.Member, "carol", [new("+draft/react", "x;y z")], out var target, out var direct));
        Assert.Same(_carol.Member, target);
        Assert.Same(direct, _carol.Sink.Single());
        Assert.Equal([new("+draft/react", "x;y z")], direct!.Tags);
        Assert.Equal(ChatError.NoSuchNick, _hub.SendTagsPrivate(_bob.Member, "nobody", Typing, out _, out _));
    }
}
