using System.Globalization;

using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

using Xunit.Abstractions;

namespace Piazza.Client.Tests.ProcessLevel;

/// <summary>
/// The piazza executable's command line and exit codes: 1 for options it cannot use (with a
/// short error, no stack trace), 2 when the server (or every one of a --server list) cannot be
/// reached, 0 for --help; a --server list's server that does not answer is skipped, saying so.
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
    [InlineData("--server", "127.0.0.1:abc", "--server 127.0.0.1:abc: the port must be a number from 1 to 65535.")]
    [InlineData("--server", "127.0.0.1:0", "--server 127.0.0.1:0: the port must be a number from 1 to 65535.")]
    [InlineData("--server", "::1", "--server ::1: an IPv6 address goes in brackets, such as [::1]:54321.")]
    [InlineData("--server", "[::1:54321", "--server [::1:54321: an IPv6 address opened with [ must close with ]")]
    [InlineData("--server", "", "--server '': empty: give host:port, such as 127.0.0.1:54321.")]
    [InlineData("--server", "127.0.0.1:54331,,127.0.0.1:54332", "--server 127.0.0.1:54331,,127.0.0.1:54332: '': empty: give host:port")]
    [InlineData("--server", "127.0.0.1:54331,bad host:1", "--server 127.0.0.1:54331,bad host:1: 'bad host:1': 'bad host' is not a host name or address.")]
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
    public async Task Host_and_server_together_exit_1_saying_to_give_every_server_with_server()
    {
        await using var client = ClientProcess.Start("piazza", log, trace: false, "--host", "127.0.0.1", "--server", "127.0.0.1:54331");

        Assert.Equal(1, await client.WaitForExitAsync());
        Assert.Contains("--host and --server: give every server with --server (host:port).", client.Errors);
    }

    [Fact]
    public async Task A_server_list_none_of_which_answers_exits_2_with_one_line_naming_each()
    {
        var one = ClientProcess.UnusedPort().ToString(CultureInfo.InvariantCulture);
        var two = ClientProcess.UnusedPort().ToString(CultureInfo.InvariantCulture);

        await using var client = ClientProcess.Start("piazza", log, trace: false, "--server", $"127.0.0.1:{one},127.0.0.1:{two}", "--nick", "alice");

        Assert.Equal(2, await client.WaitForExitAsync());
        var line = Assert.Single(client.Errors);
        Assert.StartsWith($"piazza: cannot connect to 127.0.0.1:{one}: ", line, StringComparison.Ordinal);
        Assert.Contains($"; cannot connect to 127.0.0.1:{two}: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_in_the_list_that_does_not_answer_is_skipped_with_a_line_saying_so()
    {
        await using var server = await TestServer.StartAsync("Irc:DetectTimeoutMilliseconds=10000");
        var nobody = ClientProcess.UnusedPort().ToString(CultureInfo.InvariantCulture);
        var good = server.EndPoint.Port.ToString(CultureInfo.InvariantCulture);

        // The port of the second comes from --port.
        await using var client = ClientProcess.Start("piazza", log, trace: false, "--server", $"127.0.0.1:{nobody}", "--server", "127.0.0.1", "--port", good, "--nick", "alice");

        var skipped = await client.WaitForLineAsync(l => l.Contains("Cannot connect", StringComparison.Ordinal), "the skipped server");
        Assert.StartsWith($"! Cannot connect to 127.0.0.1:{nobody}: ", ClientProcess.Body(skipped), StringComparison.Ordinal);
        Assert.EndsWith($"; trying 127.0.0.1:{good}.", skipped, StringComparison.Ordinal);
        await client.WaitForBodyAsync($"* Connecting to 127.0.0.1:{good}…");
        await client.WaitForBodyAsync("* You joined #lobby");
        await client.CloseInputAsync();
        Assert.Equal(0, await client.WaitForExitAsync());
    }

    [Fact]
    public async Task Help_exits_0_and_lists_the_options()
    {
        await using var client = ClientProcess.Start("piazza", log, trace: false, "--help");

        Assert.Equal(0, await client.WaitForExitAsync());
        var help = string.Join('\n', client.Output);
        foreach (var option in new[] { "--host", "--port", "--server", "--nick", "--tls", "--join", "--password", "--account", "--line-mode" })
        {
            Assert.Contains(option, help, StringComparison.Ordinal);
        }

        Assert.Empty(client.Errors);
    }
}
