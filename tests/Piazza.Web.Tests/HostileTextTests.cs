using Piazza.Testing;
using Piazza.Web.Tests.Infrastructure;

using static Microsoft.Playwright.Assertions;

namespace Piazza.Web.Tests;

/// <summary>
/// Text from strangers is text: markup from IRC and nc shows literally and never runs (no element
/// made, no dialog), IRC formatting becomes styling, never raw control characters.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Slow")]
public sealed class HostileTextTests(BrowserFixture browser)
{
    private const string Script = "<script>alert(1)</script>";
    private const string Image = "<img src=x onerror=alert(1)>";
    private const string NcImage = "<img src=y onerror=alert(2)><b>not bold</b>";
    private const string ScriptLink = "javascript:alert(3)";

    [Fact]
    public async Task Markup_from_irc_and_nc_shows_as_text_and_formatting_as_styling()
    {
        await using var server = await TestServer.StartAsync();
        await using var browserPage = await browser.OpenAsync(nameof(Markup_from_irc_and_nc_shows_as_text_and_formatting_as_styling));
        var page = new ChatPage(browserPage, server.HttpEndPoint!);
        await browserPage.RunAsync(async () =>
        {
            await page.JoinAsGuestAsync("anna");
            var mallory = await server.ConnectIrcAsync("mallory");
            await mallory.JoinAsync("#lobby");
            var carol = await server.ConnectAsync("carol");

            await mallory.SendAsync("PRIVMSG #lobby :" + Script);
            await mallory.SendAsync("PRIVMSG #lobby :" + Image);
            await mallory.SendAsync("PRIVMSG #lobby :\u0002bold\u0002 \u000304red\u0003 plain");
            await mallory.SendAsync("PRIVMSG #lobby :" + ScriptLink);
            await carol.SendAsync(NcImage);

            await page.ExpectLineAsync("mallory", Script);
            await page.ExpectLineAsync("mallory", Image);
            await page.ExpectLineAsync("mallory", ScriptLink);
            await page.ExpectLineAsync("carol", NcImage);
            await page.ExpectLineAsync("mallory", "bold red plain");
            await browserPage.ShotAsync("hostile-lines");

            // Nothing of it became markup: no image, no script, no bold element, no script link.
            var list = page.Page.GetByTestId("message-list");
            await Expect(list.Locator("img")).ToHaveCountAsync(0);
            await Expect(list.Locator("script")).ToHaveCountAsync(0);
            await Expect(list.Locator("b")).ToHaveCountAsync(0);
            await Expect(page.Page.Locator("a[href^='javascript:' i]")).ToHaveCountAsync(0);

            // The formatting codes are gone from the text and came out as styles.
            var formatted = page.Lines("bold red plain").GetByTestId("message-text");
            var raw = await formatted.EvaluateAsync<string>("e => e.textContent");
            Assert.DoesNotContain(raw, c => c < ' ');
            var weight = await formatted.GetByText("bold", new() { Exact = true }).EvaluateAsync<string>("e => getComputedStyle(e).fontWeight");
            Assert.True(int.Parse(weight, System.Globalization.CultureInfo.InvariantCulture) >= 600, $"bold (^B) has font-weight {weight}");
            var red = await formatted.GetByText("red", new() { Exact = true }).EvaluateAsync<string>("e => getComputedStyle(e).color");
            var plain = await formatted.EvaluateAsync<string>("e => getComputedStyle(e).color");
            Assert.NotEqual(plain, red);

            // No dialog opened, no script error, no error line.
            await page.ExpectNoErrorsAsync();
            await mallory.SyncAsync();
        });
    }

    [Fact]
    public async Task A_link_is_clickable_and_opens_nothing_but_itself()
    {
        await using var server = await TestServer.StartAsync();
        await using var browserPage = await browser.OpenAsync(nameof(A_link_is_clickable_and_opens_nothing_but_itself));
        var page = new ChatPage(browserPage, server.HttpEndPoint!);
        await browserPage.RunAsync(async () =>
        {
            await page.JoinAsGuestAsync("anna");
            var dave = await server.ConnectIrcAsync("dave");
            await dave.JoinAsync("#lobby");

            await dave.SendAsync("PRIVMSG #lobby :see https://example.com/a?b=1&c=2, now");

            var text = page.Lines("see https://example.com/a?b=1&c=2, now").GetByTestId("message-text");
            await Expect(text).ToHaveCountAsync(1);
            var link = text.Locator("a");
            await Expect(link).ToHaveCountAsync(1);
            await Expect(link).ToHaveTextAsync("https://example.com/a?b=1&c=2");
            await Expect(link).ToHaveAttributeAsync("href", "https://example.com/a?b=1&c=2");
            await page.ExpectNoErrorsAsync();
            await dave.SyncAsync();
        });
    }
}
