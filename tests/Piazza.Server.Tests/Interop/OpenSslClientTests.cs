using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

using Piazza.Testing;

namespace Piazza.Server.Tests.Interop;

/// <summary>
/// Debian's <c>openssl s_client</c> on the chat port, as the README tells a user to chat "like
/// nc" over TLS: it verifies the server's certificate, chats with a plain client, and ends with
/// exit code 0 on <c>exit</c> (the server's close_notify; a bare TCP close is an error to it).
/// Fails (never skips) when openssl is not installed: CI installs it (.ci/run).
/// </summary>
[Trait("Category", "Slow")]
public sealed class OpenSslClientTests : IDisposable
{
    private readonly string _folder = TestServer.NewDataDirectory();

    [Fact]
    public async Task Openssl_s_client_chats_on_the_chat_port_like_nc_and_ends_cleanly()
    {
        var certificate = TestCertificate.Write(_folder);
        await using var server = await TestServer.StartAsync(certificate.Settings);
        await using var bob = await server.ConnectAsync("bob");
        using var openssl = Start(
            "s_client", "-quiet", "-connect", "127.0.0.1:" + server.EndPoint.Port.ToString(CultureInfo.InvariantCulture),
            "-servername", "localhost", "-CAfile", certificate.CertificatePath, "-verify_return_error");
        var lines = ReadLines(openssl.StandardOutput);

        // It says nothing first, as nc: the plain welcome comes after the detection wait.
        Assert.StartsWith("* welcome to Piazza, 127.0.0.1:", await NextAsync(lines));
        Assert.StartsWith("* you are in lobby; 1 other is here", await NextAsync(lines));
        await openssl.StandardInput.WriteLineAsync("/nick carol");
        await ExpectAsync(lines, "* you are now known as carol");
        await bob.ExpectAsync(l => l.EndsWith(" is now known as carol", StringComparison.Ordinal));

        await openssl.StandardInput.WriteLineAsync("hello over openssl");
        Assert.Equal("[carol] hello over openssl", await bob.NextChatAsync());
        await bob.SendAsync("hi carol");
        await ExpectAsync(lines, "[bob] hi carol");

        await openssl.StandardInput.WriteLineAsync("exit");
        await ExpectAsync(lines, "* bye");
        await openssl.WaitForExitAsync().WaitAsync(TestServer.Timeout);
        Assert.Equal(0, openssl.ExitCode);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static Process Start(params string[] arguments)
    {
        var program = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(directory => Path.Combine(directory, "openssl"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "The interop test needs openssl: it was not found on PATH. Install it with: apt-get install --no-install-recommends openssl (.ci/run does this).");
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start openssl");
        process.StandardInput.AutoFlush = true;
        process.StandardInput.NewLine = "\n";
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private static ChannelReader<string> ReadLines(StreamReader output)
    {
        var lines = Channel.CreateUnbounded<string>();
        _ = Task.Run(async () =>
        {
            while (await output.ReadLineAsync() is { } line)
            {
                lines.Writer.TryWrite(line);
            }

            lines.Writer.TryComplete();
        });
        return lines.Reader;
    }

    private static async Task<string> NextAsync(ChannelReader<string> lines) =>
        await lines.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);

    /// <summary>Skips lines until this one; a skipped error reply fails the test.</summary>
    private static async Task ExpectAsync(ChannelReader<string> lines, string expected)
    {
        while (await NextAsync(lines) is var line && line != expected)
        {
            Assert.False(LineClient.IsError(line), $"An error reply came while waiting for '{expected}': {line}");
        }
    }
}
