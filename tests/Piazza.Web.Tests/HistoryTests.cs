using Piazza.Testing;
using Piazza.Web.Tests.Infrastructure;

using static Microsoft.Playwright.Assertions;

namespace Piazza.Web.Tests;

/// <summary>History in the page: the latest lines on join (CHATHISTORY LATEST), older ones on scrolling up (BEFORE).</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Slow")]
public sealed class HistoryTests(BrowserFixture browser)
{
    private const int Seeded = 150;

    [Fact]
    public async Task History_appears_on_join_and_scrolling_up_loads_older_lines_in_order_without_duplicates()
    {
        // Flood control off: the seeder sends 150 lines at once.
        await using var server = await TestServer.StartAsync("Flood:Enabled=false");
        var seeder = await server.ConnectIrcAsync("seeder", "echo-message");
        await seeder.JoinAsync("#lobby");
        for (var i = 1; i <= Seeded; i++)
        {
            await seeder.SendAsync($"PRIVMSG #lobby :{Seed(i)}");
        }

        await seeder.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == Seed(Seeded));
        await server.History!.FlushAsync().WaitAsync(TestServer.Timeout);

        await using var browserPage = await browser.OpenAsync(nameof(History_appears_on_join_and_scrolling_up_loads_older_lines_in_order_without_duplicates));
        var page = new ChatPage(browserPage, server.HttpEndPoint!);
        await browserPage.RunAsync(async () =>
        {
            await page.JoinAsGuestAsync("anna");

            // On join: the newest lines, not the oldest.
            await page.ExpectLineAsync("seeder", Seed(Seeded));
            await Expect(page.Lines(Seed(Seeded - 1))).ToHaveCountAsync(1);
            await Expect(page.Lines(Seed(1))).ToHaveCountAsync(0);
            var first = await SeedLinesAsync(page);
            Assert.InRange(first.Count, 1, Seeded - 1);
            Assert.Equal(Enumerable.Range(Seeded - first.Count + 1, first.Count).Select(Seed), first);
            await browserPage.ShotAsync("joined-with-latest");

            // Scrolling to the top loads older pages until the first line is there.
            var shown = first.Count;
            while (shown < Seeded)
            {
                await page.MessageScroll.EvaluateAsync("e => { e.scrollTop = 0; e.dispatchEvent(new Event('scroll')); }");
                var oldestShown = Seeded - shown + 1;
                // The line just before the oldest shown arrives: the page asked for older history.
                await Expect(page.Lines(Seed(oldestShown - 1))).ToHaveCountAsync(1);
                shown = (await SeedLinesAsync(page)).Count;
            }

            await browserPage.ShotAsync("scrolled-to-the-first");
            Assert.Equal(Enumerable.Range(1, Seeded).Select(Seed), await SeedLinesAsync(page));
            await page.ExpectLineAsync("seeder", Seed(1));
            await page.ExpectNoErrorsAsync();
            await seeder.SyncAsync();
        });
    }

    private static string Seed(int i) => $"seed {i:D3}";

    /// <summary>The seeded lines the page shows, top to bottom.</summary>
    private static async Task<List<string>> SeedLinesAsync(ChatPage page)
    {
        var texts = await page.Page.Locator("[data-testid='message'][data-kind='privmsg'] [data-testid='message-text']").AllInnerTextsAsync();
        return texts.Select(t => t.Trim()).Where(t => t.StartsWith("seed ", StringComparison.Ordinal)).ToList();
    }
}
