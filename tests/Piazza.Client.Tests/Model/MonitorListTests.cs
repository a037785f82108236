using Piazza.Client.Irc;

namespace Piazza.Client.Tests.Model;

/// <summary>The client's MONITOR list: following the open private conversations, and what each report means.</summary>
public sealed class MonitorListTests
{
    [Fact]
    public void Following_sends_only_the_difference_removals_first_and_ignores_case()
    {
        var list = new MonitorList();

        Assert.Equal([('+', "bob,carol")], list.Follow(["bob", "carol", "Bob"], limit: 100));
        Assert.Empty(list.Follow(["BOB", "carol"], limit: 100));
        Assert.Equal([('-', "carol"), ('+', "dave")], list.Follow(["bob", "dave"], limit: 100));
        Assert.Equal([('-', "bob,dave")], list.Follow([], limit: 100));
        Assert.Equal(0, list.Count);
    }

    [Fact]
    public void The_servers_limit_keeps_the_first_nicks()
    {
        var list = new MonitorList();

        Assert.Equal([('+', "a,b")], list.Follow(["a", "b", "c"], limit: 2));
        Assert.False(list.IsWatched("c"));

        // A slot freed is taken by the next one waiting.
        Assert.Equal([('-', "a"), ('+', "c")], list.Follow(["b", "c"], limit: 2));
    }

    [Fact]
    public void Many_nicks_are_split_into_lines_that_fit()
    {
        var nicks = Enumerable.Range(0, 100).Select(i => $"nick{i:D3}xxxxxxxxxxxxxxxxxxxxx").ToList();
        var list = new MonitorList();

        var lines = list.Follow(nicks, limit: int.MaxValue);

        Assert.True(lines.Count > 1);
        Assert.All(lines, l => Assert.True(l.Targets.Length <= 400, l.Targets));
        Assert.Equal(nicks, lines.SelectMany(l => l.Targets.Split(',')));
    }

    [Fact]
    public void Reports_say_what_changed()
    {
        var list = new MonitorList();
        list.Follow(["bob", "carol"], limit: 100);

        Assert.Equal(PresenceChange.Offline, list.Report("bob", online: false));
        Assert.Equal(PresenceChange.None, list.Report("BOB", online: false));
        Assert.Equal(PresenceChange.CameOnline, list.Report("bob", online: true));
        Assert.Equal(PresenceChange.None, list.Report("bob", online: true));
        Assert.Equal(PresenceChange.WentOffline, list.Report("bob", online: false));

        // Online when first heard of is no news: the conversation did not think otherwise.
        Assert.Equal(PresenceChange.None, list.Report("carol", online: true));
        Assert.Equal(PresenceChange.NotWatched, list.Report("dave", online: true));
    }

    [Fact]
    public void A_quit_seen_in_a_shared_room_makes_the_servers_offline_report_no_news()
    {
        var list = new MonitorList();
        list.Follow(["bob"], limit: 100);
        list.Report("bob", online: true);

        list.SawQuit("bob");
        list.SawQuit("stranger");

        Assert.Equal(PresenceChange.None, list.Report("bob", online: false));
        Assert.False(list.IsWatched("stranger"));
        Assert.Equal(PresenceChange.CameOnline, list.Report("bob", online: true));
    }

    [Fact]
    public void A_new_connection_starts_from_nothing()
    {
        var list = new MonitorList();
        list.Follow(["bob"], limit: 100);
        list.Report("bob", online: false);

        list.Clear();

        Assert.Equal([('+', "bob")], list.Follow(["bob"], limit: 100));
        Assert.Equal(PresenceChange.Offline, list.Report("bob", online: false));
    }
}
