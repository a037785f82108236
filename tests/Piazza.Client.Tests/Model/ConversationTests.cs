using Piazza.Client.Model;

namespace Piazza.Client.Tests.Model;

/// <summary>A conversation's lines: unread counting, the unread marker, history insertion, the bound.</summary>
public sealed class ConversationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Messages_arriving_while_hidden_count_as_unread_and_set_the_marker_once()
    {
        var state = new ChatState("server", "me");
        var lobby = state.Open("#lobby", ConversationKind.Channel);
        state.Add(lobby, Event("You joined"));

        state.Add(lobby, Said("bob", "one"));
        state.Add(lobby, Said("bob", "hey me"));
        state.Add(lobby, Event("carol joined"));

        Assert.Equal(2, lobby.Unread);
        Assert.True(lobby.HasUnreadMention);
        Assert.Equal(1, lobby.UnreadMarker);

        state.Show(lobby);
        Assert.Equal(0, lobby.Unread);
        Assert.False(lobby.HasUnreadMention);
        Assert.Equal(1, lobby.UnreadMarker);

        state.Add(lobby, Said("bob", "seen at once"));
        Assert.Equal(0, lobby.Unread);

        state.Show(state.Server);
        Assert.Null(lobby.UnreadMarker);
    }

    [Fact]
    public void Own_messages_never_count_as_unread()
    {
        var state = new ChatState("server", "me");
        var lobby = state.Open("#lobby", ConversationKind.Channel);

        state.Add(lobby, Said("me", "from another window") with { IsOwn = true });

        Assert.Equal(0, lobby.Unread);
        Assert.Null(lobby.UnreadMarker);
    }

    [Fact]
    public void History_goes_before_the_join_and_skips_messages_already_shown()
    {
        var lobby = new Conversation("#lobby", ConversationKind.Channel, 100);
        lobby.Add(Said("bob", "live, seen before the history came") with { MessageId = "m3" }, isShown: true);
        lobby.HistoryInsertAt = lobby.Lines.Count;
        lobby.Add(Event("You joined #lobby"), isShown: true);
        lobby.Add(Said("bob", "right after the join") with { MessageId = "m4" }, isShown: true);

        var inserted = lobby.InsertHistory(
        [
            Said("bob", "earlier") with { MessageId = "m1", IsHistory = true },
            Said("bob", "also earlier") with { MessageId = "m2", IsHistory = true },
            Said("bob", "dup") with { MessageId = "m3", IsHistory = true },
        ]);

        Assert.Equal(2, inserted.Count);
        Assert.Equal(
            ["live, seen before the history came", "earlier", "also earlier", "You joined #lobby", "right after the join"],
            lobby.Lines.Select(l => l.Text));
        Assert.False(lobby.Add(Said("bob", "again") with { MessageId = "m4" }, isShown: true));
        Assert.Equal("m4", lobby.LastMessageId);
    }

    [Fact]
    public void The_scrollback_is_bounded_and_the_marker_moves_with_it()
    {
        var lobby = new Conversation("#lobby", ConversationKind.Channel, 10);
        for (var i = 0; i < 5; i++)
        {
            lobby.Add(Said("bob", "seen " + i), isShown: true);
        }

        for (var i = 0; i < 8; i++)
        {
            lobby.Add(Said("bob", "unseen " + i), isShown: false);
        }

        Assert.Equal(10, lobby.Lines.Count);
        Assert.Equal("seen 3", lobby.Lines[0].Text);
        Assert.Equal("unseen 0", lobby.Lines[lobby.UnreadMarker!.Value].Text);
        Assert.Equal(8, lobby.Unread);
    }

    [Fact]
    public void Windows_cycle_both_ways_and_closing_shows_the_one_before()
    {
        var state = new ChatState("server", "me");
        var lobby = state.Open("#lobby", ConversationKind.Channel);
        var dev = state.Open("#dev", ConversationKind.Channel);
        var bob = state.Open("bob", ConversationKind.Query);

        state.Cycle(-1);
        Assert.Same(bob, state.Current);
        state.Cycle(1);
        Assert.Same(state.Server, state.Current);
        Assert.True(state.Show(2));
        Assert.Same(dev, state.Current);
        Assert.False(state.Show(9));

        state.Close(dev);
        Assert.Same(lobby, state.Current);
        Assert.Same(state.Open("BOB", ConversationKind.Query), bob);
        state.Close(state.Server);
        Assert.Equal(3, state.Conversations.Count);
    }

    [Theory]
    [InlineData(nameof(LineKind.Message), "<bob> hi")]
    [InlineData(nameof(LineKind.Action), "* bob hi")]
    [InlineData(nameof(LineKind.Notice), "-bob- hi")]
    [InlineData(nameof(LineKind.Event), "* hi")]
    [InlineData(nameof(LineKind.Error), "! hi")]
    [InlineData(nameof(LineKind.Gap), "* --- hi ---")]
    public void Each_kind_of_line_reads_as_the_line_mode_prints_it(string kind, string body) =>
        Assert.Equal(body, LineFormat.Body(new ChatLine(Now, Enum.Parse<LineKind>(kind), "bob", "hi")));

    [Fact]
    public void History_from_another_day_shows_its_date_and_todays_only_its_time()
    {
        var yesterday = new ChatLine(Now.AddDays(-1), LineKind.Message, "bob", "old") { IsHistory = true };
        var earlierToday = yesterday with { Time = Now };
        var liveButLate = yesterday with { IsHistory = false };

        Assert.Equal("[" + Now.AddDays(-1).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "]", LineFormat.Timestamp(yesterday, Now));
        Assert.Equal(LineFormat.Timestamp(earlierToday.Time), LineFormat.Timestamp(earlierToday, Now));
        Assert.Equal(LineFormat.Timestamp(liveButLate.Time), LineFormat.Timestamp(liveButLate, Now));
    }

    private static ChatLine Said(string nick, string text) =>
        new(Now, LineKind.Message, nick, text) { MentionsMe = text.Contains("me", StringComparison.Ordinal) && !text.Contains("from", StringComparison.Ordinal) };

    private static ChatLine Event(string text) => new(Now, LineKind.Event, null, text);
}
