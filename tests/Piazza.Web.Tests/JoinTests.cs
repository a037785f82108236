using Piazza.Testing;
using Piazza.Web.Tests.Infrastructure;

using static Microsoft.Playwright.Assertions;

namespace Piazza.Web.Tests;

/// <summary>The join screen: a taken nickname is refused with a reason, and another one gets in.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Slow")]
public sealed class JoinTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_guest_who_picks_a_taken_nickname_is_told_and_gets_in_with_another()
    {
        await using var server = await TestServer.StartAsync();
        var dave = await server.ConnectIrcAsync("dave");
        await dave.JoinAsync("#lobby");
        await using var browserPage = await browser.OpenAsync(nameof(A_guest_who_picks_a_taken_nickname_is_told_and_gets_in_with_another));
        var page = new ChatPage(browserPage, server.HttpEndPoint!);
        await browserPage.RunAsync(async () =>
        {
            await page.SubmitGuestAsync("dave");

            await Expect(page.JoinError).ToBeVisibleAsync();
            await Expect(page.JoinError).ToContainTextAsync("dave");
            await Expect(page.JoinError).ToContainTextAsync("in use");
            await Expect(page.Page.GetByTestId("join-form")).ToBeVisibleAsync();
            await browserPage.ShotAsync("nick-taken");

            await page.Page.GetByTestId("join-nick").FillAsync("dave2");
            await page.Page.GetByTestId("join-submit").ClickAsync();
            await page.ExpectConnectedAsync("dave2");
            var joined = await dave.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "dave2");
            Assert.Equal("#lobby", joined[0]);
            await browserPage.ShotAsync("in-with-another");
            await page.ExpectNoErrorsAsync();
            await dave.SyncAsync();
        });
    }
}
