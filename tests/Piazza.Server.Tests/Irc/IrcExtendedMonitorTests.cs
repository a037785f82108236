using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>extended-monitor (https://ircv3.net/specs/extensions/extended-monitor): AWAY and SETNAME of watched nicks.</summary>
[Trait("Category", "Slow")]
public sealed class IrcExtendedMonitorTests
{
    [Fact]
    public async Task A_watcher_with_the_caps_sees_a_watched_nicks_away_and_setname_without_a_shared_channel()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", "extended-monitor", "away-notify", "setname");
        await alice.SendAsync("MONITOR + bob");
        await alice.ExpectAsync("731");
        var bob = await server.ConnectIrcAsync("bob", "setname");
        await alice.ExpectAsync("730");

        await bob.SendAsync("AWAY :afk");
        var away = await alice.ExpectAsync("AWAY");
        Assert.Equal("bob!~bobu@127.0.0.1", away.Source);
        Assert.Equal(["afk"], away.Parameters);
        await bob.SendAsync("AWAY");
        Assert.Empty((await alice.ExpectAsync("AWAY")).Parameters);
        await bob.SendAsync("SETNAME :Robert");
        Assert.Equal(["Robert"], (await alice.ExpectAsync("SETNAME")).Parameters);
        Assert.Empty(alice.Skipped);
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task Without_away_notify_or_setname_or_extended_monitor_nothing_comes()
    {
        await using var server = await TestServer.StartAsync();
        var onlyExtended = await server.ConnectIrcAsync("ext", "extended-monitor");
        var onlyNotify = await server.ConnectIrcAsync("notify", "away-notify", "setname");
        foreach (var watcher in new[] { onlyExtended, onlyNotify })
        {
            await watcher.SendAsync("MONITOR + bob");
            await watcher.ExpectAsync("731");
        }

        var bob = await server.ConnectIrcAsync("bob", "setname");
        await onlyExtended.ExpectAsync("730");
        await onlyNotify.ExpectAsync("730");
        await bob.SendAsync("AWAY :afk");
        await bob.ExpectAsync("306");
        await bob.SendAsync("SETNAME :Robert");
        await bob.ExpectAsync("SETNAME");

        Assert.Empty(await onlyExtended.SyncAsync());
        Assert.Empty(await onlyNotify.SyncAsync());
    }

    [Fact]
    public async Task A_watcher_sharing_a_channel_gets_each_change_once()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", "extended-monitor", "away-notify");
        var bob = await server.ConnectIrcAsync("bob");
        await IrcClient.JoinAllAsync("#dev", alice, bob);
        await alice.SendAsync("MONITOR + bob");
        await alice.ExpectAsync("730");

        await bob.SendAsync("AWAY :afk");
        await alice.ExpectAsync("AWAY");

        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("AWAY"));
    }

    [Fact]
    public async Task Dropping_the_cap_stops_the_changes_but_not_the_online_offline_notices()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", "extended-monitor", "away-notify");
        await alice.SendAsync("MONITOR + bob");
        await alice.ExpectAsync("731");
        var bob = await server.ConnectIrcAsync("bob");
        await alice.ExpectAsync("730");

        await alice.SendAsync("CAP REQ :-extended-monitor");
        Assert.Equal("ACK", (await alice.ExpectAsync("CAP")).Parameters[1]);
        await bob.SendAsync("AWAY :afk");
        await bob.ExpectAsync("306");
        await bob.SendAsync("QUIT");
        Assert.Equal(["alice", "bob"], (await alice.ExpectAsync("731")).Parameters);

        Assert.Empty(alice.Skipped);
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task The_cap_is_offered()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        await client.SendAsync("CAP LS 302");

        Assert.Contains("extended-monitor", (await client.ExpectAsync("CAP")).Last.Split(' '));
    }
}
