using System.Globalization;

using Piazza.Client.Tests.Infrastructure;

using Xunit.Abstractions;

namespace Piazza.Client.Tests.ProcessLevel;

/// <summary>
/// The piazza executable's command line and exit codes: 1 for options it cannot use (with a
/// short error, no stack trace), 2 when the server cannot be reached, 0 for --help.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CommandLineTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData("--port", "0", "--port must be between 1 and 65535")]
    [InlineData("--port", "70000", "--port must be between 1 and 65535")]
    [InlineData("--port", "many", "many")]
    [InlineData("--nick", "bad nick", "--nick bad nick")]
    [InlineData("--nick", "1abc", "--nick 1abc")]
    public async Task An_option_it_cannot_use_exits_1_with_a_short_error(string option, string value, string error)
    {
        await using var client = ClientProcess.Start("piazza", log, trace: false, option, value);

        Assert.Equal(1, await client.WaitForExitAsync());

        var stderr = string.Join('\n', client.Errors);
        Assert.Contains(error, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.InRange(client.Errors.Count(l => l.Length > 0), 1, 3);
        Assert.DoesNotContain(client.Output, l => l.Contains("Connecting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_exits_2_with_one_line_on_stderr()
    {
        var port = ClientProcess.UnusedPort().ToString(CultureInfo.InvariantCulture);

        await using var client = ClientProcess.Start("piazza", log, trace: false, "--host", "127.0.0.1", "--port", port, "--nick", "alice");

        Assert.Equal(2, await client.WaitForExitAsync());
        var line = Assert.Single(client.Errors);
        Assert.StartsWith($"piazza: cannot connect to 127.0.0.1:{port}: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_the_options()
    {
        await using var client = ClientProcess.Start("piazza", log, trace: false, "--help");

        Assert.Equal(0, await client.WaitForExitAsync());
        var help = string.Join('\n', client.Output);
        foreach (var option in new[] { "--host", "--port", "--nick", "--tls", "--join", "--password", "--account", "--line-mode" })
        {
            Assert.Contains(option, help, StringComparison.Ordinal);
        }

        Assert.Empty(client.Errors);
    }
}
