using System.Diagnostics;

using Piazza.Testing;

namespace Piazza.Server.Tests.Http;

/// <summary>
/// The web client's own unit tests (src/Piazza.Web/test: the IRC line parser and writer, tag
/// escaping, formatting codes, links, MODE prefixes), run with <c>node --test</c>, which the
/// build needs anyway, so they run with the rest.
/// </summary>
[Trait("Category", "Slow")]
public sealed class WebClientScriptTests
{
    [Fact]
    public async Task Node_test_passes_for_the_web_clients_parser_and_formatting()
    {
        var start = new ProcessStartInfo("node", ["--test", "test/"])
        {
            WorkingDirectory = Path.Combine(RepositoryRoot(), "src", "Piazza.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        var output = node.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = node.StandardError.ReadToEndAsync(timeout.Token);
        await node.WaitForExitAsync(timeout.Token);

        var text = await output + await errors;
        Assert.True(node.ExitCode == 0, text);
        Assert.Contains("# fail 0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# pass 0", text, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Piazza.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Piazza.slnx not found above " + AppContext.BaseDirectory);
    }
}
