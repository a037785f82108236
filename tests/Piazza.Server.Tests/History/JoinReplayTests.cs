using Microsoft.Extensions.DependencyInjection;

using Piazza.Server.History;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.History;

/// <summary>
/// History on join with something said while the joiner's history is being read: the joiner
/// gets every message exactly once, history first, then live (Sessions/HistoryReplay). The
/// store's read is held open by the test (<see cref="GatedMessageStore"/>) while another client
/// speaks, so the race is not left to timing.
/// </summary>
[Trait("Category", "Slow")]
public sealed class JoinReplayTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_plain_client_gets_a_message_said_while_its_history_was_read_once_after_the_history(bool snapshotAtStart)
    {
        // At start: the store answers with what it had when asked, so "during" is only live.
        // At release: it answers with "during" too, which came live as well and is shown once.
        var store = new GatedMessageStore { SnapshotAtStart = snapshotAtStart };
        await using var server = await TestServer.StartAsync(s => s.AddSingleton(HistoryStoreOpener.Using(store)));
        await using var alice = await server.ConnectAsync("alice");
        await alice.SendAsync("before");
        await alice.SendAsync("/who");
        await alice.ExpectAsync("* in lobby (1):");

        store.Arm();
        var connecting = LineClient.ConnectAsync(server.EndPoint, readWelcome: false);
        await store.ReadStarted.WaitAsync(TestServer.Timeout);
        await using var bob = await connecting;
        await alice.ExpectAsync(l => l.EndsWith(" joined lobby", StringComparison.Ordinal));
        await alice.SendAsync("during");
        await alice.SendAsync("/who");
        await alice.ExpectAsync("* in lobby (2):");
        store.Release();
        await alice.SendAsync("after");

        Assert.StartsWith("* welcome to Piazza", await bob.NextAsync());
        Assert.StartsWith("* you are in lobby", await bob.NextAsync());
        Assert.Equal("* history of lobby (1 message):", await bob.NextAsync());
        Assert.EndsWith("] [alice] before", await bob.NextAsync());
        Assert.Equal("* --- live chat in lobby from here ---", await bob.NextAsync());
        Assert.Equal("[alice] during", await bob.NextAsync());
        Assert.Equal("[alice] after", await bob.NextAsync());
    }

    [Fact]
    public async Task A_plain_join_holds_the_rooms_events_until_its_history_is_sent()
    {
        var store = new GatedMessageStore { SnapshotAtStart = true };
        await using var server = await TestServer.StartAsync(s => s.AddSingleton(HistoryStoreOpener.Using(store)));
        await using var alice = await server.ConnectAsync("alice");
        await alice.SendAsync("/join dev");
        await alice.SendAsync("dev before");

        // The server answers in order: once /who is answered, "dev before" has been said.
        await alice.SendAsync("/who");
        await alice.ExpectAsync("* in dev (1):");
        await using var bob = await server.ConnectAsync("bob");

        store.Arm();
        await bob.SendAsync("/join dev");
        await store.ReadStarted.WaitAsync(TestServer.Timeout);
        await alice.ExpectAsync("* bob joined dev");
        await alice.SendAsync("dev during");
        await alice.SendAsync("/me waves");
        await alice.SendAsync("/who");
        await alice.ExpectAsync("* in dev (2):");
        store.Release();

        await bob.ExpectAsync("* you are in dev; 1 other is here");
        Assert.Equal("* history of dev (1 message):", await bob.NextAsync());
        Assert.EndsWith("] [alice] dev before", await bob.NextAsync());
        Assert.Equal("* --- live chat in dev from here ---", await bob.NextAsync());
        Assert.Equal("[alice@dev] dev during", await bob.NextAsync());
        Assert.Equal("[alice@dev] * waves", await bob.NextAsync());
    }

    [Fact]
    public async Task An_irc_client_without_chathistory_gets_the_replay_then_what_was_said_meanwhile_once()
    {
        var store = new GatedMessageStore();
        await using var server = await TestServer.StartAsync(s => s.AddSingleton(HistoryStoreOpener.Using(store)));
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#dev");
        await alice.SendAsync("PRIVMSG #dev :before");
        await alice.SyncAsync();
        await using var bob = await server.ConnectIrcAsync("bob");

        store.Arm();
        await bob.SendAsync("JOIN #dev");
        await store.ReadStarted.WaitAsync(TestServer.Timeout);
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "bob");
        await alice.SendAsync("PRIVMSG #dev :during");
        await alice.SyncAsync();
        store.Release();
        await alice.SendAsync("PRIVMSG #dev :after");

        var lines = await bob.ReadUntilAsync(l => l.Is("PRIVMSG") && l.Last == "after");
        Assert.DoesNotContain(lines, l => l.Command.Length == 3 && l.Command[0] is '4' or '5');
        var fromJoin = lines.SkipWhile(l => !l.Is("JOIN")).ToList();
        Assert.Equal(["JOIN", "353", "366", "PRIVMSG", "PRIVMSG", "PRIVMSG"], fromJoin.Where(l => !l.Is("332") && !l.Is("333")).Select(l => l.Command));
        Assert.Equal(["before", "during", "after"], fromJoin.Where(l => l.Is("PRIVMSG")).Select(l => l.Last));
    }

    [Fact]
    public async Task A_senders_room_message_and_private_message_keep_their_order_while_the_receiver_joins()
    {
        // The hold covers every event, not only the room's: a private message sent after a room
        // message must not overtake it (found by the echo-message test, 1 run in several).
        var store = new GatedMessageStore();
        await using var server = await TestServer.StartAsync(s => s.AddSingleton(HistoryStoreOpener.Using(store)));
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#dev");
        await using var bob = await server.ConnectIrcAsync("bob");

        store.Arm();
        await bob.SendAsync("JOIN #dev");
        await store.ReadStarted.WaitAsync(TestServer.Timeout);
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "bob");
        await alice.SendAsync("PRIVMSG #dev :in the room");
        await alice.SendAsync("PRIVMSG bob :in private");
        await alice.SyncAsync();
        store.Release();

        var lines = await bob.ReadUntilAsync(l => l.Is("PRIVMSG") && l.Last == "in private");
        Assert.Equal(["#dev", "bob"], lines.Where(l => l.Is("PRIVMSG")).Select(l => l[0]));
    }

    [Fact]
    public async Task Someone_who_joins_then_goes_away_while_the_receiver_joins_is_shown_away_once()
    {
        // The JOIN held for alice shows bob's away message of when he joined (none), not of
        // when it is finally sent: the AWAY he said after it comes once, on its own.
        var store = new GatedMessageStore();
        await using var server = await TestServer.StartAsync(s => s.AddSingleton(HistoryStoreOpener.Using(store)));
        await using var bob = await server.ConnectIrcAsync("bob");
        await using var alice = await server.ConnectIrcAsync("alice", "away-notify");

        store.Arm();
        await alice.SendAsync("JOIN #dev");
        await store.ReadStarted.WaitAsync(TestServer.Timeout);
        await bob.JoinAsync("#dev");
        await bob.SendAsync("AWAY :lunch");
        await bob.ExpectAsync("306");
        store.Release();
        await bob.SendAsync("PRIVMSG #dev :back soon");

        var lines = await alice.ReadUntilAsync(l => l.Is("PRIVMSG") && l.Last == "back soon");
        var aboutBob = lines.Where(l => l.SourceNick == "bob").Select(l => l.Command + " " + l.Last).ToList();
        Assert.Equal(["JOIN #dev", "AWAY lunch", "PRIVMSG back soon"], aboutBob);
    }
}
