using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using Piazza.Server.Tests.Infrastructure;

namespace Piazza.Server.Tests;

/// <summary>Failures that are the operator's to fix end the server with one line on stderr and exit code 1.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task A_port_already_taken_is_one_line_naming_it_and_exit_1()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var (exit, stderr) = await RunServerAsync($"--Listen:Chat=127.0.0.1:{port}", "--History:Store=memory");

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr);
        Assert.StartsWith($"piazza-server: Failed to bind to address http://127.0.0.1:{port}: address already in use.", line, StringComparison.Ordinal);
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

    /// <summary>Runs piazza-server.dll to its end (it must end by itself); its exit code and stderr lines.</summary>
    private static async Task<(int Exit, List<string> Stderr)> RunServerAsync(params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "piazza-server.dll"));
        foreach (var setting in (string[])["--Listen:Chat=127.0.0.1:0", "--Listen:Irc=127.0.0.1:0", "--Listen:Http=127.0.0.1:0", .. settings])
        {
            start.ArgumentList.Add(setting);
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

        await stdout;
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return (process.ExitCode, lines);
    }
}
