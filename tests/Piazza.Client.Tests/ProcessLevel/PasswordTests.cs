using System.Text.RegularExpressions;

using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

using Xunit.Abstractions;

namespace Piazza.Client.Tests.ProcessLevel;

/// <summary>
/// The piazza executable given PIAZZA_PASSWORD, in line mode with PIAZZA_TRACE on: against Piazza
/// it logs in with SASL; against ngIRCd (no SASL, a server password) it registers with PASS as
/// before. Neither its output nor its trace ever holds the password.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PasswordTests(ITestOutputHelper log)
{
    private const string Password = "correct horse battery";

    private static readonly Dictionary<string, string> WithPassword = new() { ["PIAZZA_PASSWORD"] = Password };

    [Fact]
    public async Task On_piazza_the_password_logs_in_with_sasl_and_is_never_printed()
    {
        await using var server = await TestServer.StartAsync("Irc:DetectTimeoutMilliseconds=10000", "Accounts:PasswordIterations=1000");
        await using (var owner = await IrcClient.ConnectAsync(server.IrcEndPoint, "alice"))
        {
            await owner.SendAsync($"REGISTER * * :{Password}");
            await owner.ExpectAsync("900");
            await owner.SendAsync("QUIT");
            await owner.WaitClosedAsync();
        }

        await using var alice = ClientProcess.Connect(server.EndPoint, "alice", log, WithPassword);
        await alice.WaitForBodyAsync("* You are logged in as alice.");
        await alice.WaitForBodyAsync("* You joined #lobby");
        await alice.CloseInputAsync();

        Assert.Equal(0, await alice.WaitForExitAsync());
        Assert.Contains(alice.Errors, l => l.StartsWith(">> AUTHENTICATE <hidden>", StringComparison.Ordinal));
        AssertNeverPrinted(alice);
    }

    [Fact]
    public async Task On_ngircd_without_sasl_the_password_is_the_server_password_as_before_and_is_never_printed()
    {
        await using var server = await NgircdServer.StartAsync(Password);

        await using var alice = ClientProcess.Connect(server.EndPoint, "alice", log, WithPassword);
        await alice.WaitForBodyAsync($"* Connected to {NgircdServer.Name} as alice.");
        await alice.WaitForBodyAsync("* You joined #lobby");
        await alice.CloseInputAsync();

        Assert.Equal(0, await alice.WaitForExitAsync());
        Assert.DoesNotContain(alice.Errors, l => l.Contains("AUTHENTICATE", StringComparison.Ordinal));
        Assert.DoesNotContain(alice.Output, l => Regex.IsMatch(l, "log(ged)? ?in", RegexOptions.IgnoreCase));
        AssertNeverPrinted(alice);
    }

    private static void AssertNeverPrinted(ClientProcess client)
    {
        Assert.DoesNotContain(client.Output, l => l.Contains(Password, StringComparison.Ordinal));
        Assert.DoesNotContain(client.Errors, l => l.Contains(Password, StringComparison.Ordinal));
    }
}
