using Piazza.Testing;

namespace Piazza.Server.Tests;

/// <summary>History on the plain protocol: replay on join, /history, and restarts.</summary>
[Trait("Category", "Slow")]
public sealed class PlainHistoryTests
{
    [Fact]
    public async Task Joining_shows_the_last_messages_marked_as_history_then_where_live_chat_begins()
    {
        await using var server = await TestServer.StartAsync("History:ReplayOnJoin=2");
        await using (var alice = await server.ConnectAsync())
        {
            await alice.NickAsync("alice");
            await alice.SendAsync("one");
            await alice.SendAsync("two");
            await alice.SendAsync("/me three");
            await alice.SendAsync("/who");
            await alice.ExpectAsync("* in lobby (1):");
        }

        await server.History!.FlushAsync().WaitAsync(TestServer.Timeout);
        await using var bob = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false);

        Assert.StartsWith("* welcome to Piazza", await bob.NextAsync());
        Assert.StartsWith("* you are in lobby", await bob.NextAsync());
        Assert.Equal("* history of lobby (2 messages):", await bob.NextAsync());
        Assert.Matches(@"^\* history \[\d{4}-\d\d-\d\d \d\d:\d\d\] \[alice\] two$", await bob.NextAsync());
        Assert.Matches(@"^\* history \[\d{4}-\d\d-\d\d \d\d:\d\d\] \[alice\] \* three$", await bob.NextAsync());
        Assert.Equal("* --- live chat in lobby from here ---", await bob.NextAsync());
    }

    [Fact]
    public async Task Joining_another_room_replays_its_history_even_after_it_emptied()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectAsync("alice");
        await alice.SendAsync("/join dev");
        await alice.SendAsync("/topic builds are green");
        await alice.SendAsync("dev talk");
        await alice.SendAsync("/part");
        await alice.ExpectAsync("* you left dev; what you type now goes to lobby");
        await server.History!.FlushAsync().WaitAsync(TestServer.Timeout);

        await alice.SendAsync("/join dev");

        await alice.ExpectAsync("* history of dev (2 messages):");
        Assert.EndsWith("alice set the topic: builds are green", await alice.NextAsync());
        Assert.EndsWith("[alice] dev talk", await alice.NextAsync());
        Assert.Equal("* --- live chat in dev from here ---", await alice.NextAsync());
    }

    [Fact]
    public async Task History_command_shows_more_and_checks_its_argument()
    {
        await using var server = await TestServer.StartAsync("History:ReplayOnJoin=0");
        await using var alice = await server.ConnectAsync();
        for (var i = 0; i < 30; i++)
        {
            await alice.SendAsync($"line {i}");
        }

        await alice.SendAsync("/who");
        await alice.ExpectAsync("* in lobby (1):");
        await server.History!.FlushAsync().WaitAsync(TestServer.Timeout);

        await alice.SendAsync("/history 25");
        await alice.ExpectAsync("* history of lobby (25 messages):");
        Assert.EndsWith("line 5", await alice.NextAsync());
        await alice.SendAsync("/history 0");
        Assert.Equal("! usage: /history [NICK] [N] (N: how many messages, 1 or more)", await alice.ExpectAsync(l => l.StartsWith("! ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task With_history_off_joining_shows_none_and_history_says_so()
    {
        await using var server = await TestServer.StartAsync("History:Store=off");
        await using var alice = await server.ConnectAsync();
        await alice.SendAsync("hello");

        await alice.SendAsync("/history");

        Assert.Equal("! history is off on this server", await alice.NextAsync());
        Assert.Null(server.History);
    }

    [Fact]
    public async Task History_survives_a_restart_of_the_server()
    {
        var data = TestServer.NewDataDirectory();
        var first = await TestServer.StartInAsync(data);
        await using (var alice = await first.ConnectAsync())
        {
            await alice.NickAsync("alice");
            await alice.SendAsync("before the restart");
            await alice.SendAsync("/who");
            await alice.ExpectAsync("* in lobby (1):");
        }

        await first.StopAsync();
        await using var second = await TestServer.StartInAsync(data);
        await using var bob = await LineClient.ConnectAsync(second.EndPoint, readWelcome: false);

        await bob.ExpectAsync("* history of lobby (1 message):");
        Assert.EndsWith("[alice] before the restart", await bob.NextAsync());
        Assert.True(File.Exists(Path.Combine(data, "piazza.db")));
    }
}
