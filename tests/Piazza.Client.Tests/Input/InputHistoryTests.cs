using Piazza.Client.Input;

namespace Piazza.Client.Tests.Input;

/// <summary>Up and Down through what was sent, as in a shell.</summary>
public sealed class InputHistoryTests
{
    [Fact]
    public void Up_goes_back_from_the_newest_line_and_stops_at_the_oldest()
    {
        var history = new InputHistory();
        history.Add("one");
        history.Add("two");

        Assert.Equal("two", history.Previous(string.Empty));
        Assert.Equal("one", history.Previous("two"));
        Assert.Null(history.Previous("one"));
    }

    [Fact]
    public void Down_past_the_newest_line_brings_back_what_was_being_typed()
    {
        var history = new InputHistory();
        history.Add("one");
        history.Add("two");

        Assert.Equal("two", history.Previous("half typ"));
        Assert.Equal("one", history.Previous("two"));
        Assert.Equal("two", history.Next());
        Assert.Equal("half typ", history.Next());
        Assert.Null(history.Next());
    }

    [Fact]
    public void Down_without_browsing_and_Up_with_nothing_sent_do_nothing()
    {
        var history = new InputHistory();

        Assert.Null(history.Next());
        Assert.Null(history.Previous("typed"));
    }

    [Fact]
    public void Sending_ends_browsing_and_the_next_Up_starts_from_the_newest_again()
    {
        var history = new InputHistory();
        history.Add("one");
        history.Add("two");
        Assert.Equal("two", history.Previous(string.Empty));
        Assert.Equal("one", history.Previous("two"));

        history.Add("one again");

        Assert.Equal("one again", history.Previous(string.Empty));
        Assert.Equal(string.Empty, history.Next());
        Assert.Null(history.Next());
    }

    [Fact]
    public void Empty_lines_and_repeats_are_not_kept()
    {
        var history = new InputHistory();
        history.Add("same");
        history.Add("same");
        history.Add(string.Empty);
        history.Add("other");
        history.Add("same");

        Assert.Equal(["same", "other", "same"], history.Lines);
    }

    [Fact]
    public void Only_the_newest_lines_up_to_the_capacity_are_kept()
    {
        var history = new InputHistory(capacity: 3);
        foreach (var line in new[] { "a", "b", "c", "d", "e" })
        {
            history.Add(line);
        }

        Assert.Equal(["c", "d", "e"], history.Lines);
        Assert.Equal("e", history.Previous(string.Empty));
        Assert.Equal("d", history.Previous("e"));
        Assert.Equal("c", history.Previous("d"));
        Assert.Null(history.Previous("c"));
    }
}
