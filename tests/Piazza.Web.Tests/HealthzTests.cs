using Microsoft.Playwright;

using Piazza.Testing;
using Piazza.Web.Tests.Infrastructure;

using static Microsoft.Playwright.Assertions;

namespace Piazza.Web.Tests;

/// <summary>The infrastructure itself: Debian's chromium, driven by Playwright, reaches the in-process server's HTTP port.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Slow")]
public sealed class HealthzTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_browser_opens_healthz_on_the_servers_http_port()
    {
        await using var server = await TestServer.StartAsync();
        await using var page = await browser.OpenAsync(nameof(The_browser_opens_healthz_on_the_servers_http_port));

        await page.RunAsync(async () =>
        {
            var response = await page.Page.GotoAsync($"http://{server.HttpEndPoint}/healthz");

            Assert.NotNull(response);
            Assert.Equal(200, response.Status);
            await Expect(page.Page.Locator("body")).ToContainTextAsync("\"status\":\"healthy\"");
            await page.ShotAsync("healthz");
            // Not AssertNothingUnexpected: the browser's own /favicon.ico request for this JSON is a 404.
        });
    }
}
