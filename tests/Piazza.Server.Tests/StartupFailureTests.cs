using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests;

/// <summary>
/// Failures that are the operator's to fix end the real process with one line on stderr: exit
/// code 1 for the machine's state (a port taken, a foreign history file), 2 for settings.
/// </summary>
[Trait("Category", "Slow")]
public sealed class StartupFailureTests
{
    /// <summary>
    /// The line names the setting, not Kestrel's <c>http://</c> URL (the chat port is not HTTP), and
    /// the history store is never opened: its folder is not even made. (This test once expected
    /// "Failed to bind to address http://127.0.0.1:PORT", the wording issue 11 calls wrong.)
    /// </summary>
    [Fact]
    public async Task A_port_already_taken_is_one_line_naming_the_setting_and_exit_1_before_the_history_file_is_touched()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var directory = TestServer.NewDataDirectory();
        var history = Path.Combine(directory, "other-server", "piazza.db");
        try
        {
            var (exit, stderr) = await RunServerAsync($"--Listen:Chat=127.0.0.1:{port}", $"--History:Path={history}");

            Assert.Equal(1, exit);
            var line = Assert.Single(stderr);
            Assert.StartsWith($"piazza-server: Listen:Chat 127.0.0.1:{port} is already in use: another program (or another Piazza) listens there.", line, StringComparison.Ordinal);
            Assert.DoesNotContain("http://", line, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.GetDirectoryName(history)), "the failed start made the history folder");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_history_file_that_is_not_a_database_is_one_line_naming_it_and_exit_1()
    {
        var directory = TestServer.NewDataDirectory();
        var path = Path.Combine(directory, "piazza.db");
        var junk = "this is not a database, and it must stay as it is"u8.ToArray();
        await File.WriteAllBytesAsync(path, junk);
        try
        {
            var (exit, stderr) = await RunServerAsync($"--History:Path={path}");

            Assert.Equal(1, exit);
            var line = Assert.Single(stderr);
            Assert.StartsWith($"piazza-server: History database {path}", line, StringComparison.Ordinal);
            Assert.Equal(junk, await File.ReadAllBytesAsync(path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_bad_value_on_the_command_line_is_one_line_naming_the_key_and_exit_2()
    {
        var (exit, stderr) = await RunServerAsync("--History:Store=memory", "--Chat:MaxLineBytes=abc");

        Assert.Equal(2, exit);
        Assert.Equal("piazza-server: Chat:MaxLineBytes must be a whole number (at most 2147483647) (was 'abc')", Assert.Single(stderr));
    }

    /// <summary>A negative MaxQuery once started, and every CHATHISTORY and /history came back empty.</summary>
    [Fact]
    public async Task A_value_out_of_its_range_is_one_line_naming_the_key_and_the_range_and_exit_2()
    {
        var (exit, stderr) = await RunServerAsync("--History:Store=memory", "--History:MaxQuery=-1");

        Assert.Equal(2, exit);
        Assert.Equal("piazza-server: History:MaxQuery must be from 1 to 10000 (was -1)", Assert.Single(stderr));
    }

    [Fact]
    public async Task An_unknown_key_in_a_PIAZZA_environment_variable_is_one_line_and_exit_2_and_other_variables_are_not_judged()
    {
        var environment = new Dictionary<string, string>
        {
            ["PIAZZA__Listen__Caht"] = "127.0.0.1:1",
            ["Unrelated__Setting"] = "not ours",
        };

        var (exit, stderr) = await RunServerAsync(environment, "--History:Store=memory");

        Assert.Equal(2, exit);
        Assert.Equal("piazza-server: Listen:Caht is not a setting: Listen has Chat, Irc, Tls, Http, SendBufferBytes, Transport, ReservedFileDescriptors", Assert.Single(stderr));
    }

    /// <summary><c>--environment=NAME</c> adds appsettings.NAME.json beside the executable: written there for this test.</summary>
    [Fact]
    public async Task An_unknown_key_and_a_bad_value_in_appsettings_json_are_one_line_and_exit_2()
    {
        var environment = "StartupTest" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json");
        await File.WriteAllTextAsync(file, """{ "History": { "Stroe": "memory" }, "Irc": { "PingTimeoutSeconds": -1 } }""");
        try
        {
            var (exit, stderr) = await RunServerAsync("--History:Store=memory", $"--environment={environment}");

            Assert.Equal(2, exit);
            Assert.Equal("piazza-server: History:Stroe is not a setting: History has Store, Path, Postgres, ReplayOnJoin, MaxQuery, CommitIntervalMilliseconds, RetentionDays, MaxMessagesPerRoom", Assert.Single(stderr));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Help_lists_the_commands_and_how_settings_are_given_and_starts_nothing()
    {
        var (exit, stdout, stderr) = await RunAsync(new Dictionary<string, string>(), ["--help"]);

        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        Assert.Contains("piazza-server hash-password", stdout, StringComparison.Ordinal);
        Assert.Contains("PIAZZA__Listen__Chat=", stdout, StringComparison.Ordinal);
        Assert.Contains("--Listen:Chat=", stdout, StringComparison.Ordinal);
        Assert.Contains("appsettings.json", stdout, StringComparison.Ordinal);
        Assert.Contains("README.md", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_is_one_line_and_starts_nothing()
    {
        var (exit, stdout, stderr) = await RunAsync(new Dictionary<string, string>(), ["--version"]);

        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        Assert.Matches(@"^piazza-server \d+\.\d+\.\d+\S* \(\.NET \d+\.\d+\.\d+\)\n$", stdout);
    }

    /// <summary>Runs piazza-server.dll to its end (it must end by itself); its exit code and stderr lines.</summary>
    private static Task<(int Exit, List<string> Stderr)> RunServerAsync(params string[] settings) =>
        RunServerAsync(new Dictionary<string, string>(), settings);

    private static async Task<(int Exit, List<string> Stderr)> RunServerAsync(Dictionary<string, string> environment, params string[] settings)
    {
        var (exit, _, stderr) = await RunAsync(environment, ["--Listen:Chat=127.0.0.1:0", "--Listen:Irc=127.0.0.1:0", "--Listen:Http=127.0.0.1:0", .. settings]);
        return (exit, stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList());
    }

    /// <summary>Runs piazza-server.dll with these arguments to its end; its exit code, stdout and stderr.</summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(Dictionary<string, string> environment, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "piazza-server.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TestServer.Timeout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
