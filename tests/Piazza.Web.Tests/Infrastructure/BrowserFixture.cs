using Microsoft.Playwright;

using Piazza.Testing;

namespace Piazza.Web.Tests.Infrastructure;

/// <summary>
/// One headless chromium for every browser test (a collection fixture: starting the browser is the
/// slow part); each test gets a new context of its own (<see cref="OpenAsync"/>), so no cookie,
/// storage or page leaks from one test into the next.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        Chromium.EnsureInstalled();
        // Playwright's expectations wait up to this long (they poll, never sleep a fixed time): the
        // test timeout, as every other wait in the tests, so a loaded 2-core machine only slows them.
        Assertions.SetDefaultExpectTimeout((float)TestServer.Timeout.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            // Playwright turns chromium's sandbox off by default (it needs user namespaces, which
            // root in a container lacks): say so explicitly, it is what lets CI run as root.
            ChromiumSandbox = false,
            Timeout = (float)TestServer.Timeout.TotalMilliseconds,
        });
    }

    /// <summary>A new browser context and page for one test, named <paramref name="test"/> in its screenshots.</summary>
    public async Task<BrowserPage> OpenAsync(string test, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            // Dark mode follows the system: pin it, so screenshots are comparable.
            ColorScheme = ColorScheme.Light,
        });
        context.SetDefaultTimeout((float)TestServer.Timeout.TotalMilliseconds);
        return new BrowserPage(test, context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>The browser tests share one browser and run one at a time (they are heavy on a 2-core machine).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
