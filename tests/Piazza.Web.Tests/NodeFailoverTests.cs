using Piazza.Testing;
using Piazza.Web.Tests.Infrastructure;

using static Microsoft.Playwright.Assertions;

namespace Piazza.Web.Tests;

/// <summary>
/// The page of a cluster's node carries on through another node when its own stops: the
/// servers list each other's web address (<c>Http:Nodes</c>, as deploy/cluster.sh does), the page
/// learns them from /client.json, and on the drop it reconnects through the next one, which lets
/// a page of the other node in (its Origin check) and which the page may reach (its
/// Content-Security-Policy). Two servers that share nothing stand for the two nodes: enough to
/// prove the page goes round the list; what a cluster shares between its nodes (rooms, history)
/// is Piazza.Server.Tests' Cluster tests' and the piazza client's ClusterFailoverTests' business.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Slow")]
public sealed class NodeFailoverTests(BrowserFixture browser)
{
    /// <summary>The wait before the first reconnect round (1 s) and the server's stop, on a loaded machine.</summary>
    private static readonly float ReconnectTimeout = (float)(2 * TestServer.Timeout.TotalMilliseconds);

    [Fact]
    public async Task When_the_node_that_served_the_page_stops_the_page_reconnects_through_the_next_and_keeps_chatting()
    {
        // Each must know the other's address before it starts: ports picked first.
        var portA = FreePorts.Next();
        var portB = FreePorts.Next();
        string[] nodes = [$"Http:Nodes:0=http://127.0.0.1:{portA}", $"Http:Nodes:1=http://127.0.0.1:{portB}"];
        await using var nodeA = await TestServer.StartAsync([$"Listen:Http=127.0.0.1:{portA}", .. nodes]);
        await using var nodeB = await TestServer.StartAsync([$"Listen:Http=127.0.0.1:{portB}", .. nodes]);
        await using var browserPage = await browser.OpenAsync(nameof(When_the_node_that_served_the_page_stops_the_page_reconnects_through_the_next_and_keeps_chatting));
        var page = new ChatPage(browserPage, nodeA.HttpEndPoint!);

        await browserPage.RunAsync(async () =>
        {
            await page.JoinAsGuestAsync("anna");
            await Expect(page.ConnectionState).ToHaveAttributeAsync("data-server", $"127.0.0.1:{portA}");
            var dave = await nodeB.ConnectIrcAsync("dave");
            await dave.JoinAsync("#lobby");

            await nodeA.StopAsync();

            // The next attempt goes to node b (named while the page waits for it), and gets in.
            await Expect(page.ConnectionState).ToHaveAttributeAsync("data-server", $"127.0.0.1:{portB}", new() { Timeout = ReconnectTimeout });
            await Expect(page.ConnectionState).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = ReconnectTimeout });
            await browserPage.ShotAsync("reconnected-through-b");
            await dave.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "anna");

            // Chatting goes on, both ways, in the room the page was in.
            await Expect(page.Room("#lobby")).ToHaveAttributeAsync("data-active", "true");
            await page.SayAsync("anna, now through node b");
            var said = await dave.ExpectAsync(l => l.Is("PRIVMSG") && l.SourceNick == "anna");
            Assert.Equal("anna, now through node b", said.Last);
            await dave.SendAsync("PRIVMSG #lobby :welcome over here, anna");
            await page.ExpectLineAsync("dave", "welcome over here, anna");
            await Expect(page.Page.GetByTestId("self-nick")).ToHaveTextAsync("anna");
            await page.ExpectNoErrorsAsync();
            await dave.SyncAsync();
        });
    }

    [Fact]
    public async Task A_node_that_does_not_answer_is_passed_at_once_for_the_next_one_in_the_round()
    {
        // Three nodes listed, the middle one never started: after the drop the page waits once,
        // finds nothing at the middle one, and goes straight on to the third.
        var portA = FreePorts.Next();
        var portDead = FreePorts.Next();
        var portB = FreePorts.Next();
        string[] nodes = [$"Http:Nodes:0=http://127.0.0.1:{portA}", $"Http:Nodes:1=http://127.0.0.1:{portDead}", $"Http:Nodes:2=http://127.0.0.1:{portB}"];
        await using var nodeA = await TestServer.StartAsync([$"Listen:Http=127.0.0.1:{portA}", .. nodes]);
        await using var nodeB = await TestServer.StartAsync([$"Listen:Http=127.0.0.1:{portB}", .. nodes]);
        await using var browserPage = await browser.OpenAsync(nameof(A_node_that_does_not_answer_is_passed_at_once_for_the_next_one_in_the_round));
        var page = new ChatPage(browserPage, nodeA.HttpEndPoint!);

        await browserPage.RunAsync(async () =>
        {
            await page.JoinAsGuestAsync("anna");
            var dave = await nodeB.ConnectIrcAsync("dave");
            await dave.JoinAsync("#lobby");

            await nodeA.StopAsync();

            await Expect(page.ConnectionState).ToHaveAttributeAsync("data-server", $"127.0.0.1:{portB}", new() { Timeout = ReconnectTimeout });
            await Expect(page.ConnectionState).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = ReconnectTimeout });
            await dave.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "anna");
            await page.ShowRoomAsync("*");
            await Expect(page.Messages.Filter(new() { HasText = $"Could not reconnect to 127.0.0.1:{portDead} (refused or unreachable); trying 127.0.0.1:{portB}…" })).ToHaveCountAsync(1);
            await Expect(page.Messages.Filter(new() { HasText = $"Connected to 127.0.0.1:{portB}." })).ToHaveCountAsync(1);

            // One wait, before the round: none between the dead node and the next.
            await Expect(page.Messages.Filter(new() { HasText = "reconnecting in" })).ToHaveCountAsync(1);
            await browserPage.ShotAsync("passed-the-dead-node");

            // The browser reports the refused WebSocket as a console error; nothing else went wrong.
            var errors = browserPage.ConsoleLog.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
            Assert.All(errors, e => Assert.Contains($"ws://127.0.0.1:{portDead}/ws", e, StringComparison.Ordinal));
            await dave.SyncAsync();
        });
    }
}
