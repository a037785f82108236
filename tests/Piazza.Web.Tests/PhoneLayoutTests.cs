using Microsoft.Playwright;

using Piazza.Testing;
using Piazza.Web.Tests.Infrastructure;

using static Microsoft.Playwright.Assertions;

namespace Piazza.Web.Tests;

/// <summary>The narrow layout: on a phone the room list is a drawer, closed until its toggle opens it.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Slow")]
public sealed class PhoneLayoutTests(BrowserFixture browser)
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public async Task On_a_phone_the_room_list_is_a_drawer_the_toggle_opens_and_closes()
    {
        await using var server = await TestServer.StartAsync();
        await using var browserPage = await browser.OpenAsync(nameof(On_a_phone_the_room_list_is_a_drawer_the_toggle_opens_and_closes), Phone);
        var page = new ChatPage(browserPage, server.HttpEndPoint!);
        await browserPage.RunAsync(async () =>
        {
            await page.JoinAsGuestAsync("anna");
            var toggle = page.Page.GetByTestId("drawer-toggle");

            // Closed: the messages and the composer have the screen, the room list is off it.
            await Expect(toggle).ToBeVisibleAsync();
            await Expect(page.RoomList).ToHaveAttributeAsync("data-open", "false");
            await Expect(page.RoomList).Not.ToBeInViewportAsync();
            await Expect(page.Page.GetByTestId("composer")).ToBeInViewportAsync();
            await browserPage.ShotAsync("drawer-closed");

            await toggle.ClickAsync();
            await Expect(page.RoomList).ToHaveAttributeAsync("data-open", "true");
            await Expect(page.RoomList).ToBeInViewportAsync();
            await Expect(page.Room("#lobby")).ToBeVisibleAsync();
            await browserPage.ShotAsync("drawer-open");

            // Joining a room from the open drawer works as on a desktop.
            await page.JoinRoomAsync("#dev");
            await page.SayAsync("typed on a phone");
            await page.ExpectLineAsync("anna", "typed on a phone");

            if (await page.RoomList.GetAttributeAsync("data-open") == "true")
            {
                await toggle.ClickAsync();
            }

            await Expect(page.RoomList).ToHaveAttributeAsync("data-open", "false");
            await Expect(page.RoomList).Not.ToBeInViewportAsync();
            await browserPage.ShotAsync("drawer-closed-again");
            await page.ExpectNoErrorsAsync();
        });
    }

    [Fact]
    public async Task On_a_desktop_the_room_list_shows_without_a_toggle()
    {
        await using var server = await TestServer.StartAsync();
        await using var browserPage = await browser.OpenAsync(nameof(On_a_desktop_the_room_list_shows_without_a_toggle));
        var page = new ChatPage(browserPage, server.HttpEndPoint!);
        await browserPage.RunAsync(async () =>
        {
            await page.JoinAsGuestAsync("anna");

            await Expect(page.RoomList).ToBeInViewportAsync();
            await Expect(page.Room("#lobby")).ToBeVisibleAsync();
            await Expect(page.Page.GetByTestId("drawer-toggle")).ToBeHiddenAsync();
            await browserPage.ShotAsync("desktop");
            await page.ExpectNoErrorsAsync();
        });
    }
}
