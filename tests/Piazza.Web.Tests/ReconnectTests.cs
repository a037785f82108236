using Microsoft.Playwright;

using Piazza.Testing;
using Piazza.Web.Tests.Infrastructure;

using static Microsoft.Playwright.Assertions;

namespace Piazza.Web.Tests;

/// <summary>
/// The page reconnects by itself when the server comes back, and fills the gap: the lines said
/// while it was away (CHATHISTORY AFTER its last msgid) appear once each, the ones it had are not
/// repeated.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ReconnectTests(BrowserFixture browser)
{
    /// <summary>
    /// The page retries with a growing delay (1, 2, 4, 8 s …); the server's stop and restart on a
    /// loaded machine may take it into the longer ones.
    /// </summary>
    private static readonly float ReconnectTimeout = (float)(2 * TestServer.Timeout.TotalMilliseconds);

    [Fact]
    public async Task After_a_server_restart_the_page_reconnects_and_shows_the_lines_it_missed_once()
    {
        var data = TestServer.NewDataDirectory();
        await using var before = await TestServer.StartInAsync(data);
        var port = before.HttpEndPoint!.Port;
        await using var browserPage = await browser.OpenAsync(nameof(After_a_server_restart_the_page_reconnects_and_shows_the_lines_it_missed_once));
        var page = new ChatPage(browserPage, before.HttpEndPoint!);

        // The page's WebSocket goes through Playwright: while "away", each attempt is closed at
        // once, so the lines of the gap are surely sent before the page is back (not live).
        var away = false;
        await page.Page.RouteWebSocketAsync(url => url.EndsWith("/ws", StringComparison.Ordinal), route =>
        {
            if (Volatile.Read(ref away))
            {
                _ = route.CloseAsync(new() { Code = 1011, Reason = "the test keeps the page away" });
            }
            else
            {
                route.ConnectToServer();
            }
        });

        await browserPage.RunAsync(async () =>
        {
            await page.JoinAsGuestAsync("anna");
            var dave = await before.ConnectIrcAsync("dave");
            await dave.JoinAsync("#lobby");
            await dave.SendAsync("PRIVMSG #lobby :before the restart");
            await page.ExpectLineAsync("dave", "before the restart");
            await dave.SyncAsync();

            Volatile.Write(ref away, true);
            await before.StopAsync();
            await Expect(page.ConnectionState).ToHaveAttributeAsync("data-state", "reconnecting");
            await browserPage.ShotAsync("reconnecting");

            // Same data, same HTTP port: the page's address still leads to the server.
            await using var after = await TestServer.StartInAsync(data, $"Listen:Http=127.0.0.1:{port}");
            var erin = await after.ConnectIrcAsync("erin");
            await erin.JoinAsync("#lobby");
            var carol = await after.ConnectAsync("carol");
            await erin.SendAsync("PRIVMSG #lobby :gap from irc 1");
            await erin.SendAsync("PRIVMSG #lobby :gap from irc 2");
            await carol.SendAsync("gap from nc");
            await erin.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == "gap from nc");
            await after.History!.FlushAsync().WaitAsync(TestServer.Timeout);

            Volatile.Write(ref away, false);
            await Expect(page.ConnectionState).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = ReconnectTimeout });
            await page.ExpectLineAsync("erin", "gap from irc 1");
            await page.ExpectLineAsync("erin", "gap from irc 2");
            await page.ExpectLineAsync("carol", "gap from nc");
            await page.ExpectLineAsync("dave", "before the restart");
            await browserPage.ShotAsync("gap-filled");

            // Live again, both ways; still each line once.
            await erin.SendAsync("PRIVMSG #lobby :live after the reconnect");
            await page.ExpectLineAsync("erin", "live after the reconnect");
            await page.SayAsync("anna is back");
            var said = await erin.ExpectAsync(l => l.Is("PRIVMSG") && l.SourceNick == "anna");
            Assert.Equal("anna is back", said.Last);
            await Expect(page.Page.GetByTestId("self-nick")).ToHaveTextAsync("anna");
            string[] everyLine = ["before the restart", "gap from irc 1", "gap from irc 2", "gap from nc", "live after the reconnect", "anna is back"];
            foreach (var text in everyLine)
            {
                await Expect(page.Lines(text)).ToHaveCountAsync(1);
            }

            await page.ExpectNoErrorsAsync();
            await erin.SyncAsync();
        });
    }

    [Fact]
    public async Task A_room_the_page_was_kicked_from_is_not_joined_again_by_a_reconnect()
    {
        var data = TestServer.NewDataDirectory();
        await using var before = await TestServer.StartInAsync(data);
        var port = before.HttpEndPoint!.Port;
        await using var browserPage = await browser.OpenAsync(nameof(A_room_the_page_was_kicked_from_is_not_joined_again_by_a_reconnect));
        var page = new ChatPage(browserPage, before.HttpEndPoint!);

        await browserPage.RunAsync(async () =>
        {
            // dave opens #dev first, so he runs it; anna joins from the page and is kicked.
            var dave = await before.ConnectIrcAsync("dave");
            await dave.JoinAsync("#dev");
            await page.JoinAsGuestAsync("anna");
            await page.JoinRoomAsync("#dev");
            await dave.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "anna");
            await dave.SendAsync("KICK #dev anna :out you go");
            await Expect(page.Lines("dave kicked anna (out you go)")).ToHaveCountAsync(1);
            await dave.SyncAsync();

            await before.StopAsync();
            await Expect(page.ConnectionState).ToHaveAttributeAsync("data-state", "reconnecting");

            // Same data, same HTTP port: the page comes back into #lobby, not into #dev.
            await using var after = await TestServer.StartInAsync(data, $"Listen:Http=127.0.0.1:{port}");
            var erin = await after.ConnectIrcAsync("erin");
            await erin.JoinAsync("#lobby");
            await Expect(page.ConnectionState).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = ReconnectTimeout });
            await erin.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "anna");
            await erin.SendAsync("WHOIS anna");
            var channels = await erin.ExpectAsync("319");
            Assert.Contains("#lobby", channels.Last, StringComparison.Ordinal);
            Assert.DoesNotContain("#dev", channels.Last, StringComparison.Ordinal);
            await browserPage.ShotAsync("back-without-dev");
            await page.ExpectNoErrorsAsync();
            await erin.SyncAsync();
        });
    }
}
