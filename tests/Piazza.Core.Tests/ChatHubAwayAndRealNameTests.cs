using System.Text;

using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="ChatHub.SetAway"/> and <see cref="ChatHub.SetRealName"/>.</summary>
public class ChatHubAwayAndRealNameTests
{
    private readonly ChatHub _hub = TestChat.NewHub();
    private readonly Client _alice;
    private readonly Client _bob;
    private readonly Client _carol;
    private readonly Client _dave;

    public ChatHubAwayAndRealNameTests()
    {
        _alice = _hub.Connect("alice");
        _bob = _hub.Connect("bob"); // shares the lobby and dev with alice
        _carol = _hub.Connect("carol"); // shares the lobby only
        _dave = _hub.ConnectAs("dave"); // in no room
        _hub.JoinOk(_alice, "dev");
        _hub.JoinOk(_bob, "dev");
        TestChat.ClearAll(_alice, _bob, _carol, _dave);
    }

    [Fact]
    public void SetAway_marks_the_member_away_and_co_members_hear_it_once_each()
    {
        var changed = _hub.SetAway(_alice.Member, "lunch");

        Assert.Equal("lunch", _alice.Member.Away);
        Assert.Equal(ChatEventKind.Away, changed.Kind);
        Assert.Equal("lunch", changed.Text);
        Assert.Same(_alice.Member, changed.Source);
        Assert.Null(changed.Room);
        Assert.Same(changed, _bob.Sink.Single());
        Assert.Same(changed, _carol.Sink.Single());
        Assert.Empty(_alice.Sink.Events);
        Assert.Empty(_dave.Sink.Events);
    }

    [Fact]
    public void An_empty_message_marks_the_member_back()
    {
        _hub.SetAway(_alice.Member, "lunch");
        TestChat.ClearAll(_bob);

        var changed = _hub.SetAway(_alice.Member, string.Empty);

        Assert.Null(_alice.Member.Away);
        Assert.Equal(ChatEventKind.Away, changed.Kind);
        Assert.Equal(string.Empty, changed.Text);
        Assert.Same(changed, _bob.Sink.Single());
    }

    [Fact]
    public void A_member_in_no_room_goes_away_without_telling_anyone()
    {
        var changed = _hub.SetAway(_dave.Member, "gone");

        Assert.Equal("gone", _dave.Member.Away);
        Assert.Equal("gone", changed.Text);
        Assert.All(new[] { _alice, _bob, _carol, _dave }, c => Assert.Empty(c.Sink.Events));
    }

    [Theory]
    [InlineData(10, "ééééééé", "ééééé")] // 2-byte characters, cut exactly
    [InlineData(9, "ééééééé", "éééé")] // the 9th byte would split a character
    [InlineData(10, "€€€€€", "€€€")] // 3-byte characters
    [InlineData(10, "😀😀😀", "😀😀")] // surrogate pairs are never split
    [InlineData(11, "😀😀😀", "😀😀")]
    [InlineData(7, "a😀😀", "a😀")]
    [InlineData(10, "abcdefghij", "abcdefghij")] // exactly the limit stays
    [InlineData(10, "abcdefghijk", "abcdefghij")]
    public void A_long_away_message_is_cut_to_MaxReasonLength_bytes_on_a_character_boundary(int max, string message, string expected)
    {
        var hub = TestChat.NewHub(new ChatOptions { MaxReasonLength = max });
        var alice = hub.Connect("alice");
        var bob = hub.Connect("bob");

        var changed = hub.SetAway(alice.Member, message);

        Assert.Equal(expected, alice.Member.Away);
        Assert.Equal(expected, changed.Text);
        Assert.Equal(expected, bob.Sink.Single().Text);
        Assert.True(Encoding.UTF8.GetByteCount(expected) <= max);
    }

    [Fact]
    public void SetRealName_changes_it_and_co_members_hear_it_once_each()
    {
        Assert.Equal("Real dave", _dave.Member.RealName);
        Assert.Equal(string.Empty, _alice.Member.RealName); // a plain client has none

        var changed = _hub.SetRealName(_alice.Member, "Alice Liddell");

        Assert.Equal("Alice Liddell", _alice.Member.RealName);
        Assert.Equal(ChatEventKind.RealNameChange, changed.Kind);
        Assert.Equal("Alice Liddell", changed.Text);
        Assert.Same(_alice.Member, changed.Source);
        Assert.Null(changed.Room);
        Assert.Same(changed, _bob.Sink.Single());
        Assert.Same(changed, _carol.Sink.Single());
        Assert.Empty(_alice.Sink.Events);
        Assert.Empty(_dave.Sink.Events);
    }

    [Theory]
    [InlineData(10, "ééééééé", "ééééé")]
    [InlineData(9, "ééééééé", "éééé")]
    [InlineData(10, "😀😀😀", "😀😀")]
    public void A_long_real_name_is_cut_to_MaxReasonLength_bytes_on_a_character_boundary(int max, string realName, string expected)
    {
        var hub = TestChat.NewHub(new ChatOptions { MaxReasonLength = max });
        var alice = hub.Connect("alice");
        var bob = hub.Connect("bob");

        var changed = hub.SetRealName(alice.Member, realName);

        Assert.Equal(expected, alice.Member.RealName);
        Assert.Equal(expected, changed.Text);
        Assert.Equal(expected, bob.Sink.Single().Text);
    }
}
