using Piazza.Client.Input;

namespace Piazza.Client.Tests.Input;

/// <summary>Tab: nicks (addressed with ": " at the start of a line), /commands and room names.</summary>
public sealed class TabCompleterTests
{
    private static readonly CompletionWords Words = new(
        ["/join", "/part", "/query", "/quit", "/me"],
        ["bob", "Bobby", "carol"],
        ["#lobby", "#dev", "#design", "dave"]);

    [Fact]
    public void A_nick_at_the_start_of_the_line_is_addressed_with_a_colon()
    {
        var completed = new TabCompleter().Complete(new InputText("bo", 2), Words);

        Assert.Equal(new InputText("bob: ", 5), completed);
    }

    [Fact]
    public void Nicks_are_offered_in_the_order_given_so_the_last_speaker_comes_first()
    {
        var words = new CompletionWords([], ["Bobby", "bob"], ["#bobs-room"]);
        var completer = new TabCompleter();

        var first = completer.Complete(new InputText("bo", 2), words);
        var second = completer.Complete(first!.Value, words);

        Assert.Equal("Bobby: ", first.Value.Text);
        Assert.Equal("bob: ", second!.Value.Text);
    }

    [Fact]
    public void The_recent_speakers_come_first_then_the_other_members_alphabetically()
    {
        var lobby = new Piazza.Client.Model.Conversation("#lobby", Piazza.Client.Model.ConversationKind.Channel, 100);
        lobby.SetMembers([("alice", null), ("zed", null), ("bob", '@'), ("carol", null)]);
        var now = DateTimeOffset.UtcNow;
        lobby.Add(new Piazza.Client.Model.ChatLine(now, Piazza.Client.Model.LineKind.Message, "carol", "first"), isShown: true);
        lobby.Add(new Piazza.Client.Model.ChatLine(now, Piazza.Client.Model.LineKind.Message, "gone", "left since"), isShown: true);
        lobby.Add(new Piazza.Client.Model.ChatLine(now, Piazza.Client.Model.LineKind.Action, "zed", "waves"), isShown: true);
        lobby.Add(new Piazza.Client.Model.ChatLine(now, Piazza.Client.Model.LineKind.Event, null, "bob joined"), isShown: true);

        Assert.Equal(["zed", "carol", "alice", "bob"], Piazza.Client.Tui.ChatScreen.RecentSpeakersFirst(lobby));
    }

    [Fact]
    public void A_nick_later_in_the_line_gets_a_space_and_the_rest_of_the_line_stays()
    {
        var completed = new TabCompleter().Complete(new InputText("ask car about it", 7), Words);

        Assert.Equal(new InputText("ask carol about it", 10), completed);
    }

    [Fact]
    public void Matching_ignores_case_and_completes_to_the_nicks_own_spelling()
    {
        var completed = new TabCompleter().Complete(new InputText("hi CAR", 6), Words);

        Assert.Equal(new InputText("hi carol ", 9), completed);
    }

    [Fact]
    public void Tab_again_cycles_through_the_candidates_in_order_and_wraps_around()
    {
        var completer = new TabCompleter();

        var first = completer.Complete(new InputText("bo", 2), Words);
        var second = completer.Complete(first!.Value, Words);
        var third = completer.Complete(second!.Value, Words);

        Assert.Equal("bob: ", first.Value.Text);
        Assert.Equal("Bobby: ", second!.Value.Text);
        Assert.Equal("bob: ", third!.Value.Text);
    }

    [Fact]
    public void A_command_completes_at_the_start_of_the_line_only()
    {
        var completer = new TabCompleter();

        Assert.Equal(new InputText("/join ", 6), completer.Complete(new InputText("/jo", 3), Words));
        Assert.Null(completer.Complete(new InputText("see /jo", 7), Words));
    }

    [Fact]
    public void Commands_sharing_a_prefix_cycle()
    {
        var completer = new TabCompleter();

        var first = completer.Complete(new InputText("/qu", 3), Words);
        var second = completer.Complete(first!.Value, Words);

        Assert.Equal("/query ", first.Value.Text);
        Assert.Equal("/quit ", second!.Value.Text);
    }

    [Fact]
    public void A_room_name_completes_after_a_command_and_is_never_addressed()
    {
        var completer = new TabCompleter();

        Assert.Equal(new InputText("/join #lobby ", 13), completer.Complete(new InputText("/join #lo", 9), Words));
        completer.Reset();
        Assert.Equal(new InputText("#dev ", 5), completer.Complete(new InputText("#dev", 4), Words));
    }

    [Fact]
    public void Rooms_starting_with_hash_only_offer_rooms()
    {
        var completer = new TabCompleter();

        var first = completer.Complete(new InputText("#de", 3), Words);
        var second = completer.Complete(first!.Value, Words);

        Assert.Equal("#design ", first.Value.Text);
        Assert.Equal("#dev ", second!.Value.Text);
    }

    [Fact]
    public void A_private_conversations_name_completes_like_a_nick()
    {
        var completed = new TabCompleter().Complete(new InputText("/msg da", 7), Words);

        Assert.Equal(new InputText("/msg dave ", 10), completed);
    }

    [Fact]
    public void The_word_under_the_cursor_is_completed_from_the_part_before_the_cursor()
    {
        var completed = new TabCompleter().Complete(new InputText("hi caxyz there", 5), Words);

        Assert.Equal(new InputText("hi carol there", 9), completed);
    }

    [Fact]
    public void Nothing_to_complete_leaves_the_input_alone()
    {
        var completer = new TabCompleter();

        Assert.Null(completer.Complete(new InputText("zed", 3), Words));
        Assert.Null(completer.Complete(new InputText("hello ", 6), Words));
        Assert.Null(completer.Complete(new InputText(string.Empty, 0), Words));
    }

    [Fact]
    public void Any_edit_between_two_Tabs_starts_a_fresh_completion()
    {
        var completer = new TabCompleter();
        var first = completer.Complete(new InputText("bo", 2), Words);
        Assert.Equal("bob: ", first!.Value.Text);

        // The user typed "c" after the completion: a new word, not the next candidate.
        var fresh = completer.Complete(new InputText("bob: c", 6), Words);

        Assert.Equal(new InputText("bob: carol ", 11), fresh);
    }

    [Fact]
    public void Reset_ends_the_cycle_even_when_the_text_is_unchanged()
    {
        var completer = new TabCompleter();
        var first = completer.Complete(new InputText("bo", 2), Words);

        completer.Reset();

        // "bob: " with the cursor after it: the word before the cursor is empty.
        Assert.Null(completer.Complete(first!.Value, Words));
    }
}
