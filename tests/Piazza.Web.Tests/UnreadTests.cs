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
            var dave = await server.ConnectIrcAsync("dave");
            await dave.JoinAsync("#lobby");
            await page.JoinRoomAsync("#dev");
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
}
