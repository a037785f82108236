using Piazza.Core.WhoWas;

namespace Piazza.Core.Tests;

/// <summary><see cref="WhoWasHistory"/> and the hub's recording into it (nick changes, quits).</summary>
public class WhoWasHistoryTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static WhoWasEntry Entry(string nick, string user = "~u") => new(nick, user, "host", "Real", At);

    [Fact]
    public void Entries_come_newest_first_and_a_count_bounds_them_a_count_of_0_or_less_means_all()
    {
        var history = new WhoWasHistory(10);
        history.Record(Entry("bob", "~one"));
        history.Record(Entry("ann"));
        history.Record(Entry("BOB", "~two"));

        Assert.Equal(["~two", "~one"], history.Find("bob", 0).Select(e => e.User));
        Assert.Equal(["~two", "~one"], history.Find("bob", -1).Select(e => e.User));
        Assert.Equal(["~two"], history.Find("bob", 1).Select(e => e.User));
        Assert.Equal(["BOB", "ann", "bob"], history.Find("*", 0).Select(e => e.Nick));
        Assert.Equal(["ann"], history.Find("a?n", 0).Select(e => e.Nick));
        Assert.Empty(history.Find("carol", 0));
    }

    [Fact]
    public void The_oldest_entry_goes_when_the_history_is_full()
    {
        var history = new WhoWasHistory(2);
        history.Record(Entry("a"));
        history.Record(Entry("b"));
        history.Record(Entry("c"));

        Assert.Equal(2, history.Count);
        Assert.Equal(["c", "b"], history.Find("*", 0).Select(e => e.Nick));
    }

    [Fact]
    public void One_nick_keeps_at_most_its_newest_few_so_it_cannot_push_out_the_others()
    {
        var history = new WhoWasHistory(100);
        history.Record(Entry("ann"));
        for (var i = 0; i < 50; i++)
        {
            history.Record(Entry("spam", "~" + i));
        }

        Assert.Equal(WhoWasHistory.MaxPerNick, history.Find("spam", 0).Count);
        Assert.Equal("~49", history.Find("spam", 1)[0].User);
        Assert.Single(history.Find("ann", 0));
    }

    [Fact]
    public void A_capacity_of_0_keeps_nothing()
    {
        var history = new WhoWasHistory(0);
        history.Record(Entry("a"));

        Assert.Empty(history.Find("*", 0));
    }

    [Fact]
    public void The_hub_remembers_a_chosen_nick_left_by_a_change_or_a_quit_but_not_a_guest_nick()
    {
        var hub = TestChat.NewHub();
        var guest = hub.Connect();
        var guestNick = guest.Member.Nick;
        Assert.Equal(ChatError.None, hub.ChangeNick(guest.Member, "ann", out _));
        Assert.Equal(ChatError.None, hub.ChangeNick(guest.Member, "anna", out _));
        hub.Disconnect(guest.Member, "bye");

        Assert.Empty(hub.WhoWas.Find(guestNick, 0));
        Assert.Equal(["anna", "ann"], hub.WhoWas.Find("ann*", 0).Select(e => e.Nick));
    }

    [Fact]
    public void Recording_from_many_threads_keeps_the_bounds()
    {
        var history = new WhoWasHistory(50);
        Parallel.For(0, 2000, i => history.Record(Entry("n" + (i % 100).ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(50, history.Count);
        Assert.Equal(50, history.Find("*", 0).Count);
    }

    [Fact]
    public void A_nick_pushed_out_by_the_capacity_and_then_recorded_again_is_indexed_afresh()
    {
        var history = new WhoWasHistory(2);
        history.Record(Entry("ann", "~old"));
        history.Record(Entry("bob"));
        history.Record(Entry("cat"));
        Assert.Empty(history.Find("ann", 0));

        history.Record(Entry("ANN", "~new"));

        Assert.Equal(["~new"], history.Find("ann", 0).Select(e => e.User));
        Assert.Equal(["ANN", "cat"], history.Find("*", 0).Select(e => e.Nick));
        Assert.Empty(history.Find("bob", 0));
    }
}
