using System.Diagnostics;

using Piazza.Server.Hosting;
using Piazza.Server.Operators;
using Piazza.Testing;

namespace Piazza.Server.Tests.Operators;

/// <summary>The KDF's string format, its checks, and <c>piazza-server hash-password</c>.</summary>
[Trait("Category", "Slow")]
public sealed class PasswordHashTests
{
    [Fact]
    public void A_hash_says_its_scheme_and_iterations_has_a_16_byte_salt_and_verifies_only_its_password()
    {
        var hash = PasswordHash.Hash("s3cret");

        var parts = hash.Split('$');
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.True(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) >= 600_000);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        var parsed = Assert.IsType<ParsedHash>(PasswordHash.TryParse(hash, out var why));
        Assert.Null(why);
        Assert.True(PasswordHash.Verify("s3cret", parsed));
        Assert.False(PasswordHash.Verify("s3cret ", parsed));
        Assert.False(PasswordHash.Verify("S3cret", parsed));
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time()
    {
        Assert.NotEqual(PasswordHash.Hash("same"), PasswordHash.Hash("same"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("s3cret")]
    [InlineData("$2b$12$abcdefghijklmnopqrstuv")]
    [InlineData("pbkdf2-sha256$600000$c2FsdA==")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$99999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$600000$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    [InlineData("pbkdf2-sha1$600000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void A_malformed_or_weak_hash_is_refused_with_a_reason(string text)
    {
        Assert.Null(PasswordHash.TryParse(text, out var why));
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public async Task A_malformed_hash_in_the_settings_stops_the_server_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var app = PiazzaApp.Build(["--Listen:Chat=127.0.0.1:0", "--Listen:Irc=off", "--Listen:Http=off", "--History:Store=memory",
                "--Operators:0:Name=root", "--Operators:0:PasswordHash=plaintext-oops"]);
            await app.StartAsync().WaitAsync(TestServer.Timeout);
        });

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Operators:0:PasswordHash is not a pbkdf2-sha256$ITERATIONS$SALT$HASH string", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("plaintext-oops", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_refuses_an_empty_password()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, HashPasswordCommand.Run(string.Empty, output, error));
        Assert.Equal(string.Empty, output.ToString());
        Assert.Contains("no password given", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_password_as_a_process_reads_stdin_and_prints_a_hash_that_verifies()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "piazza-server.dll"));
        start.ArgumentList.Add("hash-password");
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync("pass with spaces");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TestServer.Timeout);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(string.Empty, await stderr);
        var line = Assert.Single((await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("pass with spaces", line, StringComparison.Ordinal);
        var parsed = Assert.IsType<ParsedHash>(PasswordHash.TryParse(line, out _));
        Assert.True(PasswordHash.Verify("pass with spaces", parsed));
    }
}
