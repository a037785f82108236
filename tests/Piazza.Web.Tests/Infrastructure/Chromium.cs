namespace Piazza.Web.Tests.Infrastructure;

/// <summary>
/// Debian's chromium, the browser the tests drive. Playwright's own browser builds are never
/// downloaded (no <c>playwright install</c>: the machines reach package registries only); its .NET
/// package brings the node driver, and the driver talks to this browser over the DevTools protocol.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Fails with the way to fix it when the browser is not installed.</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's chromium at {ExecutablePath}: install the package `chromium` " +
                "(apt-get install chromium; .ci/run installs it).");
        }
    }
}
