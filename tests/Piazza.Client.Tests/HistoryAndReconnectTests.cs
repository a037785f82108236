using Piazza.Client.Model;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>History on join (draft/chathistory), across a server restart, and reconnecting after a drop.</summary>
[Trait("Category", "Slow")]
public sealed class HistoryAndReconnectTests
{
    [Fact]
    public async Task Joining_shows_what_was_said_before_as_history_above_the_join()
    {
        await using var server = await TestServer.StartAsync();
        await using (var early = await TestChatClient.ConnectAsync(server.IrcEndPoint, "early", "#lobby"))
        {
            await early.TypeAsync("first words");
            await early.TypeAsync("/me was here");
            await early.WaitForMessageAsync("#lobby", "early", "was here");
        }

        await using var late = await TestChatClient.ConnectAsync(server.IrcEndPoint, "late", "#lobby");

        await late.WaitForMessageAsync("#lobby", "early", "was here");
        var lines = await late.ReadAsync(c => c.State.Find("#lobby")!.Lines.ToList());
        var first = lines.FindIndex(l => l.Text == "first words");
        var action = lines.FindIndex(l => l.Text == "was here");
        var joined = lines.FindIndex(l => l.Text == "You joined #lobby");
        Assert.True(first >= 0 && first < action && action < joined, string.Join("\n", lines.Select(LineFormat.Full)));
        Assert.True(lines[first].IsHistory);
        Assert.Equal(LineKind.Action, lines[action].Kind);
    }

    [Fact]
    public async Task History_survives_a_server_restart()
    {
        var data = TestServer.NewDataDirectory();
        var server = await TestServer.StartInAsync(data);
        await using (var alice = await TestChatClient.ConnectAsync(server.IrcEndPoint, "alice", "#lobby"))
        {
            await alice.TypeAsync("said before the restart");
            await alice.WaitForMessageAsync("#lobby", "alice", "said before the restart");
        }

        await server.StopAsync();
        await using var restarted = await TestServer.StartInAsync(data);
        await using var bob = await TestChatClient.ConnectAsync(restarted.IrcEndPoint, "bob", "#lobby");

        var line = await bob.WaitForMessageAsync("#lobby", "alice", "said before the restart");
        Assert.True(line.IsHistory);
    }

    [Fact]
    public async Task A_dropped_connection_comes_back_rejoins_and_fills_the_gap_from_history()
    {
        await using var server = await TestServer.StartAsync();
        await using var proxy = new TcpProxy(server.IrcEndPoint);
        await using var alice = await TestChatClient.ConnectAsync(proxy.EndPoint, "alice", "#lobby", "#dev");
        await using var bob = await TestChatClient.ConnectAsync(server.IrcEndPoint, "bob", "#lobby");
        await alice.TypeAsync("/join #lobby");
        await bob.TypeAsync("before the drop");
        await alice.WaitForMessageAsync("#lobby", "bob", "before the drop");

        proxy.DropAll();
        await alice.WaitForLineAsync("#lobby", l => l.Kind == LineKind.Gap && l.Text.StartsWith("Disconnected", StringComparison.Ordinal));
        await bob.WaitForLineAsync("#lobby", l => l.Text.StartsWith("alice quit", StringComparison.Ordinal));
        await bob.TypeAsync("said while alice was away");

        await alice.WaitUntilAsync(c => c.State.Connection == ConnectionState.Connected && c.IsReady);
        await alice.WaitForLineAsync("#lobby", l => l.Kind == LineKind.Gap && l.Text == $"Reconnected to 127.0.0.1:{proxy.EndPoint.Port}.");
        var missed = await alice.WaitForMessageAsync("#lobby", "bob", "said while alice was away");
        Assert.True(missed.IsHistory);
        Assert.True(await alice.ReadAsync(c => c.State.Find("#dev")!.IsJoined));
        Assert.Equal(2, proxy.Accepted);

        await alice.TypeAsync("/join #lobby");
        await alice.TypeAsync("back again");
        await bob.WaitForMessageAsync("#lobby", "alice", "back again");

        // The message from before the drop is there once, not again from history.
        var lobby = await alice.ReadAsync(c => c.State.Find("#lobby")!.Lines.Count(l => l.Text == "before the drop"));
        Assert.Equal(1, lobby);
    }

    [Fact]
    public async Task While_waiting_to_reconnect_the_countdown_is_shown_and_sending_is_refused()
    {
        var data = TestServer.NewDataDirectory();
        var server = await TestServer.StartInAsync(data);
        var settings = TestChatClient.Settings(server.IrcEndPoint, "alice") with { FirstRetryDelay = TimeSpan.FromSeconds(3) };
        await using var alice = await TestChatClient.ConnectAsync(settings, "#lobby");

        await server.StopAsync();
        await alice.WaitUntilAsync(c => c.State.ReconnectIn is > 0);
        await alice.TypeAsync("into the void");
        await alice.WaitForLineAsync("#lobby", l => l.Kind == LineKind.Error && l.Text.StartsWith("Not connected", StringComparison.Ordinal));
        Assert.Equal(ConnectionState.Disconnected, await alice.ReadAsync(c => c.State.Connection));
    }
}
