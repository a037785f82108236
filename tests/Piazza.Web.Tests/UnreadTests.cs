using Piazza.Testing;
using Piazza.Web.Tests.Infrastructure;

using static Microsoft.Playwright.Assertions;

namespace Piazza.Web.Tests;

/// <summary>Unread counts per room, a mention marked as such, and the "new messages" line when the room is opened.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Slow")]
public sealed class UnreadTests(BrowserFixture browser)
{
    [Fact]
    public async Task Lines_in_another_room_are_counted_a_mention_is_marked_and_opening_the_room_reads_them()
    {
        await using var server = await TestServer.StartAsync();
        await using var browserPage = await browser.OpenAsync(nameof(Lines_in_another_room_are_counted_a_mention_is_marked_and_opening_the_room_reads_them));
        var page = new ChatPage(browserPage, server.HttpEndPoint!);
        await browserPage.RunAsync(async () =>
        {
            await page.JoinAsGuestAsync("anna");
            // dave comes into #lobby once anna shows #dev (see the next test for a line just before she leaves).
            await page.JoinRoomAsync("#dev");
            var dave = await server.ConnectIrcAsync("dave");
            await dave.JoinAsync("#lobby");
            var badge = page.Room("#lobby").GetByTestId("room-unread");
            await Expect(badge).ToHaveCountAsync(0);

            await dave.SendAsync("PRIVMSG #lobby :first unread");
            await Expect(badge).ToHaveTextAsync("1");
            await Expect(badge).Not.ToHaveAttributeAsync("data-mention", "true");
            await dave.SendAsync("PRIVMSG #lobby :anna: are you there?");
            await Expect(badge).ToHaveTextAsync("2");
            await Expect(badge).ToHaveAttributeAsync("data-mention", "true");
            await browserPage.ShotAsync("unread-with-mention");

            await page.ShowRoomAsync("#lobby");
            await Expect(badge).ToHaveCountAsync(0);
            // The divider stands just before the first unread line, and the mention is marked.
            await Expect(page.Page.GetByTestId("new-messages-line")).ToHaveCountAsync(1);
            var afterDivider = page.Page.Locator("[data-testid='new-messages-line'] ~ [data-testid='message']").First;
            await Expect(afterDivider.GetByTestId("message-text")).ToHaveTextAsync("first unread");
            await Expect(page.Lines("anna: are you there?")).ToHaveAttributeAsync("data-mention", "true");
            await Expect(page.Lines("first unread")).Not.ToHaveAttributeAsync("data-mention", "true");
            await browserPage.ShotAsync("read");
            await page.ExpectNoErrorsAsync();
            await dave.SyncAsync();
        });
    }

    /// <summary>
    /// A line that came while the room was shown is read a moment later (a 500 ms timer); lines
    /// that come after the reader left the room must stay unread. The page's clock is Playwright's,
    /// paused, so the timer surely fires after the leaving and the new line, before the looking.
    /// </summary>
    [Fact]
    public async Task Lines_that_come_after_leaving_a_room_stay_unread_though_the_last_one_seen_is_marked_read_later()
    {
        await using var server = await TestServer.StartAsync();
        await using var browserPage = await browser.OpenAsync(nameof(Lines_that_come_after_leaving_a_room_stay_unread_though_the_last_one_seen_is_marked_read_later));
        var page = new ChatPage(browserPage, server.HttpEndPoint!);
        await browserPage.RunAsync(async () =>
        {
            await page.Page.Clock.InstallAsync();
            await page.JoinAsGuestAsync("anna");
            var dave = await server.ConnectIrcAsync("dave");
            await dave.JoinAsync("#lobby");
            // From here the page's timers fire only when the test moves its clock (paused a little
            // ahead of the page's time, which goes on meanwhile: a pause in the past is refused).
            var now = await page.Page.EvaluateAsync<double>("Date.now()");
            await page.Page.Clock.PauseAtAsync(DateTime.UnixEpoch.AddMilliseconds(now + 2000));
            await dave.SendAsync("PRIVMSG #lobby :seen in the lobby");
            await page.ExpectLineAsync("dave", "seen in the lobby");

            await page.JoinRoomAsync("#dev");
            await dave.SendAsync("PRIVMSG #lobby :said after she left");
            var badge = page.Room("#lobby").GetByTestId("room-unread");
            await Expect(badge).ToHaveTextAsync("1");
            // Past the read timer of the line seen in the lobby.
            await page.Page.Clock.RunForAsync(2000);
            await dave.SendAsync("PRIVMSG #lobby :and another");

            await Expect(badge).ToHaveTextAsync("2");
            await page.ShowRoomAsync("#lobby");
            var afterDivider = page.Page.Locator("[data-testid='new-messages-line'] ~ [data-testid='message']").First;
            await Expect(afterDivider.GetByTestId("message-text")).ToHaveTextAsync("said after she left");
            await page.ExpectNoErrorsAsync();
            await dave.SyncAsync();
        });
    }
}
