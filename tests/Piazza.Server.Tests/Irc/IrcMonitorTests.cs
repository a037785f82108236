using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>MONITOR (https://ircv3.net/specs/extensions/monitor): online and offline notifications.</summary>
[Trait("Category", "Slow")]
public sealed class IrcMonitorTests
{
    [Fact]
    public async Task Isupport_advertises_the_configured_limit()
    {
        await using var server = await TestServer.StartAsync("Chat:MaxMonitoredNicks=7");
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        var burst = await client.RegisterAsync("alice");

        Assert.Contains(burst, l => l.Is("005") && l.Parameters.Contains("MONITOR=7"));
    }

    [Fact]
    public async Task Adding_reports_who_is_online_with_its_mask_and_who_is_offline_as_typed()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice");
        await server.ConnectIrcAsync("Bob");

        await alice.SendAsync("MONITOR + bob,carol");
        var lines = await alice.SyncAsync();

        Assert.Equal(["730", "731"], lines.Select(l => l.Command));
        Assert.Equal(["alice", "Bob!~Bobu@127.0.0.1"], lines[0].Parameters);
        Assert.Equal(["alice", "carol"], lines[1].Parameters);
        Assert.EndsWith(" :carol", lines[1].Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watched_nick_connecting_quitting_and_renaming_is_announced()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("MONITOR + bob,robert");
        Assert.Equal(["731"], (await alice.SyncAsync()).Select(l => l.Command));

        var bob = await server.ConnectIrcAsync("bob");
        var online = await alice.ExpectAsync("730");
        Assert.Equal(["alice", "bob!~bobu@127.0.0.1"], online.Parameters);
        Assert.Equal("piazza.local", online.Source);

        // A change of case is no change of nick: nothing.
        await bob.ChangeNickAsync("BOB");
        Assert.Empty(await alice.SyncAsync());

        await bob.ChangeNickAsync("robert");
        var offline = await alice.ExpectAsync("731");
        Assert.Equal(["alice", "BOB"], offline.Parameters);
        Assert.Equal(["alice", "robert!~bobu@127.0.0.1"], (await alice.ExpectAsync("730")).Parameters);

        await bob.SendAsync("QUIT :bye");
        await bob.WaitClosedAsync();
        Assert.Equal(["alice", "robert"], (await alice.ExpectAsync("731")).Parameters);
        Assert.Empty(alice.Skipped);
    }

    [Fact]
    public async Task A_plain_user_counts_under_its_guest_nick_and_then_its_chosen_one()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("MONITOR + dora");
        await alice.ExpectAsync("731");

        var dora = await server.ConnectAsync();
        await dora.NickAsync("dora");
        var online = await alice.ExpectAsync("730");
        Assert.Equal(["alice", "dora!~plain@127.0.0.1"], online.Parameters);

        await dora.SendAsync("/quit");
        await dora.WaitClosedAsync();
        Assert.Equal(["alice", "dora"], (await alice.ExpectAsync("731")).Parameters);
        Assert.Empty(alice.Skipped);
    }

    [Fact]
    public async Task Removing_and_clearing_stop_notifications_and_answer_nothing()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("MONITOR + bob,carol");
        await alice.SyncAsync();

        await alice.SendAsync("MONITOR - BOB");
        Assert.Empty(await alice.SyncAsync());
        await server.ConnectIrcAsync("bob");
        await alice.SendAsync("MONITOR C");
        Assert.Empty(await alice.SyncAsync());
        await server.ConnectIrcAsync("carol");

        await alice.SendAsync("MONITOR L");
        var listed = await alice.SyncAsync();
        Assert.Equal(["733"], listed.Select(l => l.Command));
        Assert.Equal(["alice", "End of MONITOR list"], listed[0].Parameters);
    }

    [Fact]
    public async Task Two_watchers_one_removes_only_the_other_hears()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice");
        var bob = await server.ConnectIrcAsync("bob");
        await alice.SendAsync("MONITOR + qux");
        await bob.SendAsync("MONITOR + qux");
        await alice.SyncAsync();
        await bob.SyncAsync();
        await bob.SendAsync("MONITOR - qux");
        Assert.Empty(await bob.SyncAsync()); // the removal is done before qux comes: MONITOR - answers nothing

        await server.ConnectIrcAsync("qux");

        Assert.Equal(["alice", "qux!~quxu@127.0.0.1"], (await alice.ExpectAsync("730")).Parameters);
        Assert.Empty(await bob.SyncAsync());
    }

    [Fact]
    public async Task List_and_status_report_every_watched_nick()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice");
        await server.ConnectIrcAsync("bob");
        await alice.SendAsync("MONITOR + bob,Carol,BOB");
        await alice.SyncAsync();

        await alice.SendAsync("MONITOR L");
        var listed = await alice.SyncAsync();
        Assert.Equal(["732", "733"], listed.Select(l => l.Command));
        Assert.Equal(["Carol", "bob"], listed[0].Last.Split(',').Order(StringComparer.Ordinal));

        await alice.SendAsync("MONITOR s");
        var status = await alice.SyncAsync();
        Assert.Equal(["730", "731"], status.Select(l => l.Command));
        Assert.Equal("bob!~bobu@127.0.0.1", status[0].Last);
        Assert.Equal("Carol", status[1].Last);
    }

    [Fact]
    public async Task A_long_list_is_listed_in_lines_that_fit()
    {
        await using var server = await TestServer.StartAsync("Chat:MaxMonitoredNicks=100");
        var alice = await server.ConnectIrcAsync("alice");
        var nicks = Enumerable.Range(0, 60).Select(i => $"watched{i:D2}abcdefghijklmnopqr").ToList();
        foreach (var chunk in nicks.Chunk(15))
        {
            await alice.SendAsync("MONITOR + " + string.Join(',', chunk));
        }

        var offline = (await alice.SyncAsync()).Where(l => l.Is("731")).SelectMany(l => l.Last.Split(',')).ToList();
        Assert.Equal(nicks, offline);

        await alice.SendAsync("MONITOR L");
        var listed = await alice.SyncAsync();

        Assert.True(listed.Count(l => l.Is("732")) > 1);
        Assert.All(listed, l => Assert.True(l.ByteLength <= 512, l.Raw));
        Assert.Equal(nicks.Order(StringComparer.Ordinal), listed.Where(l => l.Is("732")).SelectMany(l => l.Last.Split(',')).Order(StringComparer.Ordinal));
        Assert.Equal("733", listed[^1].Command);
    }

    [Fact]
    public async Task Past_the_limit_the_rest_is_refused_with_734_and_not_added()
    {
        await using var server = await TestServer.StartAsync("Chat:MaxMonitoredNicks=2");
        var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("MONITOR + a1");
        await alice.SyncAsync();

        await alice.SendAsync("MONITOR + a1,a2,a3,a4");
        var lines = await alice.SyncAsync();

        Assert.Equal(["731", "734"], lines.Select(l => l.Command));
        Assert.Equal(["alice", "a1,a2"], lines[0].Parameters);
        Assert.Equal(["alice", "2", "a3,a4", "Monitor list is full."], lines[1].Parameters);
        await server.ConnectIrcAsync("a3");
        await alice.SendAsync("MONITOR L");
        var listed = await alice.SyncAsync();
        Assert.Equal(["a1", "a2"], listed[0].Last.Split(',').Order(StringComparer.Ordinal));
        Assert.Equal(["732", "733"], listed.Select(l => l.Command));

        // Once there is room again, adding works.
        await alice.SendAsync("MONITOR - a2");
        await alice.SendAsync("MONITOR + a3");
        Assert.Equal(["alice", "a3!~a3u@127.0.0.1"], (await alice.ExpectAsync("730")).Parameters);
    }

    [Fact]
    public async Task Masks_and_bad_nicks_are_refused_with_432_and_never_watched()
    {
        await using var server = await TestServer.StartAsync("Chat:MaxNickLength=10");
        var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("MONITOR + *!user@127.0.0.1,,bob,toolongnick11,9lives");
        var lines = await alice.SyncAsync();

        Assert.Equal(["432", "432", "432", "731"], lines.Select(l => l.Command));
        Assert.Equal(["alice", "*!user@127.0.0.1", "Erroneous nickname"], lines[0].Parameters);
        Assert.Equal("toolongnick11", lines[1][1]);
        Assert.Equal("9lives", lines[2][1]);
        Assert.Equal(["alice", "bob"], lines[3].Parameters);
        await alice.SendAsync("MONITOR L");
        Assert.Equal("bob", (await alice.ExpectAsync("732")).Last);
    }

    [Fact]
    public async Task Wrong_use_gets_461_or_400()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("MONITOR");
        Assert.Equal(["alice", "MONITOR", "Not enough parameters"], (await alice.ExpectAsync("461", allowErrors: true)).Parameters);
        await alice.SendAsync("MONITOR +");
        Assert.Equal(["alice", "MONITOR", "Not enough parameters"], (await alice.ExpectAsync("461", allowErrors: true)).Parameters);
        await alice.SendAsync("MONITOR X bob");
        Assert.Equal(["alice", "MONITOR", "X"], (await alice.ExpectAsync("400")).Parameters.Take(3));
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task A_leaving_watcher_is_forgotten()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("MONITOR + bob,carol");
        await alice.SyncAsync();
        Assert.Equal(2, server.Hub.Watchers.WatchedNickCount);

        await alice.SendAsync("QUIT");
        await alice.WaitClosedAsync();

        await server.WaitAllClosedAsync();
        Assert.Equal(0, server.Hub.Watchers.WatchedNickCount);
    }

    [Fact]
    public async Task A_labelled_monitor_gets_its_replies_in_a_labelled_batch()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", "labeled-response", "batch");
        await server.ConnectIrcAsync("bob");

        await alice.SendAsync("@label=m1 MONITOR + bob,carol");
        var lines = await alice.SyncAsync();

        Assert.Equal(["BATCH", "730", "731", "BATCH"], lines.Select(l => l.Command));
        Assert.Equal("m1", lines[0].Tags["label"]);
    }
}
