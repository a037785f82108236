using Piazza.Testing;
using Piazza.Web.Tests.Infrastructure;

using static Microsoft.Playwright.Assertions;

namespace Piazza.Web.Tests;

/// <summary>The member list follows the room: operators, away status, nick changes (the page's own by /nick too) and leaving.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Slow")]
public sealed class MemberListTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_member_list_shows_operators_away_and_nick_changes_and_nick_renames_the_page()
    {
        await using var server = await TestServer.StartAsync();
        await using var browserPage = await browser.OpenAsync(nameof(The_member_list_shows_operators_away_and_nick_changes_and_nick_renames_the_page));
        var page = new ChatPage(browserPage, server.HttpEndPoint!);
        await browserPage.RunAsync(async () =>
        {
            await page.JoinAsGuestAsync("anna");
            // anna makes #dev, so she is its operator; dave comes in after her.
            await page.JoinRoomAsync("#dev");
            var dave = await server.ConnectIrcAsync("dave");
            await dave.JoinAsync("#dev");
            var anna = Member(page, "anna");
            var daveThere = Member(page, "dave");
            await Expect(anna).ToHaveAttributeAsync("data-prefix", "@");
            await Expect(daveThere).ToHaveAttributeAsync("data-prefix", string.Empty);
            await Expect(daveThere).ToHaveAttributeAsync("data-away", "false");

            await page.SayAsync("/mode #dev +v dave");
            await Expect(daveThere).ToHaveAttributeAsync("data-prefix", "+");
            await dave.SendAsync("AWAY :lunch");
            await Expect(daveThere).ToHaveAttributeAsync("data-away", "true");
            await browserPage.ShotAsync("operator-voice-away");

            await dave.SendAsync("NICK david");
            await Expect(Member(page, "david")).ToHaveAttributeAsync("data-prefix", "+");
            await Expect(Member(page, "dave")).ToHaveCountAsync(0);

            // The page's own /nick: the server's NICK renames it in the header and the list.
            await page.SayAsync("/nick annabel");
            var renamed = await dave.ExpectAsync(l => l.Is("NICK") && l.SourceNick == "anna");
            Assert.Equal("annabel", renamed[0]);
            await Expect(page.Page.GetByTestId("self-nick")).ToHaveTextAsync("annabel");
            await Expect(Member(page, "annabel")).ToHaveAttributeAsync("data-prefix", "@");

            await dave.SendAsync("PART #dev :bye");
            await Expect(Member(page, "david")).ToHaveCountAsync(0);
            await Expect(page.Page.GetByTestId("member")).ToHaveCountAsync(1);
            await browserPage.ShotAsync("after-part");
            await page.ExpectNoErrorsAsync();
            await dave.SyncAsync();
        });
    }

    private static Microsoft.Playwright.ILocator Member(ChatPage page, string nick) =>
        page.Page.Locator($"[data-testid='member'][data-nick='{nick}']");
}
