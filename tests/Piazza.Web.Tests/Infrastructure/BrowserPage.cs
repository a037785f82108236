using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

using Microsoft.Playwright;

namespace Piazza.Web.Tests.Infrastructure;

/// <summary>
/// One test's page in its own browser context. It records what must not happen (a JavaScript
/// dialog, an uncaught script error, an error in the console) for <see cref="AssertNothingUnexpected"/>, and saves
/// screenshots under <c>.artifacts/screenshots/&lt;test&gt;/</c>, numbered in the order taken.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly string _test;
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _dialogs = new();
    private readonly ConcurrentQueue<string> _pageErrors = new();
    private readonly ConcurrentQueue<string> _console = new();
    private int _shots;

    internal BrowserPage(string test, IBrowserContext context, IPage page)
    {
        _test = test;
        _context = context;
        // A test's folder holds this run's screenshots only, not a failure left by an earlier run.
        var folder = Path.Combine(Screenshots.Directory, test);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Page = page;
        Page.Dialog += (_, dialog) =>
        {
            // A dialog means a hostile text ran as script (alert(1)): record it and close it so the page goes on.
            _dialogs.Enqueue($"{dialog.Type}: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        Page.PageError += (_, error) => _pageErrors.Enqueue(error);
        Page.Console += (_, message) => _console.Enqueue($"{message.Type}: {message.Text}");
    }

    public IPage Page { get; }

    /// <summary>What the page logged to its console, for a failure's message.</summary>
    public string ConsoleLog => string.Join('\n', _console);

    /// <summary>Saves a screenshot of the whole page as <c>NN-<paramref name="step"/>.png</c>.</summary>
    public async Task ShotAsync(string step)
    {
        var number = Interlocked.Increment(ref _shots);
        var path = Path.Combine(Screenshots.Directory, _test, $"{number:D2}-{step}.png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
    }

    /// <summary>
    /// Runs <paramref name="steps"/>; when they fail, saves a screenshot named <c>failure</c> and
    /// the page's console log beside it, then lets the failure through.
    /// </summary>
    public async Task RunAsync(Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception)
        {
            await SaveFailureAsync();
            throw;
        }
    }

    /// <summary>No dialog was opened, no script error escaped and nothing was logged as an error, since the page opened.</summary>
    public void AssertNothingUnexpected()
    {
        Assert.True(_dialogs.IsEmpty, "The page opened a dialog (a text ran as script?): " + string.Join("; ", _dialogs));
        Assert.True(_pageErrors.IsEmpty, "The page threw: " + string.Join("; ", _pageErrors));
        // A failed request (a 404 asset) or a script's console.error is something gone wrong too.
        var errors = _console.Where(m => m.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, "The page logged errors: " + string.Join("; ", errors));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_console.IsEmpty)
        {
            // Beside the screenshots: what the page said, for reading a run afterwards.
            var folder = Path.Combine(Screenshots.Directory, _test);
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "console.txt"), ConsoleLog);
        }

        await _context.CloseAsync();
    }

    private async Task SaveFailureAsync()
    {
        var folder = Path.Combine(Screenshots.Directory, _test);
        try
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "failure-console.txt"), ConsoleLog);
            await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "failure.png"), FullPage = true });
        }
        catch (PlaywrightException)
        {
            // The page may be gone (the failure may be that it crashed): the test's own failure matters more.
        }
    }

    /// <summary>The calling test's name, for <see cref="BrowserFixture.OpenAsync"/>.</summary>
    public static string TestName([CallerMemberName] string name = "") => name;
}
