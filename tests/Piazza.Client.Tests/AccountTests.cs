using Piazza.Client.Model;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>
/// Accounts from the client against the real Piazza server: --password logs in with SASL while
/// registering, a wrong one is said and does not stop the client, /register and /login. The
/// server sees the login (WHOIS 330 to another client); the password is in no line shown.
/// </summary>
[Trait("Category", "Slow")]
public sealed class AccountTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_password_logs_the_client_in_with_sasl_and_the_server_sees_the_account()
    {
        await using var server = await StartServerAsync();
        await RegisterAccountAsync(server, "alice");

        await using var alice = await TestChatClient.ConnectAsync(TestChatClient.Settings(server.IrcEndPoint, "alice") with { Password = Password }, "#lobby");

        await alice.WaitForLineAsync(null, l => l.Text == "You are logged in as alice.");
        Assert.Equal("alice", await alice.ReadAsync(c => c.Session!.Account));
        Assert.Equal("alice", await AccountOfAsync(server, "alice"));
        AssertPasswordNeverShown(alice);
    }

    [Fact]
    public async Task A_wrong_password_is_said_and_the_client_still_registers_and_chats()
    {
        await using var server = await StartServerAsync();
        await RegisterAccountAsync(server, "alice");
        await using var bob = await TestChatClient.ConnectAsync(server.IrcEndPoint, "bob", "#lobby");

        await using var alice = await TestChatClient.ConnectAsync(TestChatClient.Settings(server.IrcEndPoint, "alice") with { Password = "not the password" }, "#lobby");

        var failure = await alice.WaitForLineAsync(null, l => l.Text.StartsWith("Login as alice failed", StringComparison.Ordinal));
        Assert.Equal("Login as alice failed: SASL authentication failed; continuing without an account.", failure.Text);
        Assert.Equal(LineKind.Error, failure.Kind);
        await alice.TypeAsync("hello without an account");
        await bob.WaitForMessageAsync("#lobby", "alice", "hello without an account");
        Assert.Null(await AccountOfAsync(server, "alice"));
        Assert.DoesNotContain(alice.Lines, l => l.Line.Text.Contains("not the password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Register_makes_the_nick_an_account_that_another_client_then_logs_in_to()
    {
        await using var server = await StartServerAsync();
        await using var erin = await TestChatClient.ConnectAsync(server.IrcEndPoint, "erin", "#lobby");

        await erin.TypeAsync("/register " + Password);

        await erin.WaitForLineAsync("#lobby", l => l.Text == "Registered the account erin; you are logged in.");
        Assert.Equal("erin", await AccountOfAsync(server, "erin"));

        await erin.TypeAsync("/register " + Password);
        var refused = await erin.WaitForLineAsync("#lobby", l => l.Text.StartsWith("Not registered", StringComparison.Ordinal));
        Assert.Equal(LineKind.Error, refused.Kind);

        var phone = TestChatClient.Settings(server.IrcEndPoint, "erin-phone") with { Account = "erin", Password = Password };
        await using var second = await TestChatClient.ConnectAsync(phone, "#lobby");
        await second.WaitForLineAsync(null, l => l.Text == "You are logged in as erin.");
        Assert.Equal("erin", await AccountOfAsync(server, "erin-phone"));
        AssertPasswordNeverShown(erin);
        AssertPasswordNeverShown(second);
    }

    [Fact]
    public async Task Login_after_connecting_says_a_wrong_password_then_logs_in()
    {
        await using var server = await StartServerAsync();
        await RegisterAccountAsync(server, "frank");
        await using var frank = await TestChatClient.ConnectAsync(server.IrcEndPoint, "frankie", "#lobby");

        await frank.TypeAsync("/login frank wrong password");
        var failure = await frank.WaitForLineAsync("#lobby", l => l.Text.StartsWith("Login as frank failed", StringComparison.Ordinal));
        Assert.Equal("Login as frank failed: SASL authentication failed.", failure.Text);

        await frank.TypeAsync("/login frank " + Password);
        await frank.WaitForLineAsync("#lobby", l => l.Text == "You are logged in as frank.");
        Assert.Equal("frank", await AccountOfAsync(server, "frankie"));
        AssertPasswordNeverShown(frank);
        Assert.DoesNotContain(frank.Lines, l => l.Line.Text.Contains("wrong password", StringComparison.Ordinal));
    }

    /// <summary>A server whose password hashing is cheap (1,000 iterations, the least it takes).</summary>
    private static Task<TestServer> StartServerAsync() => TestServer.StartAsync("Accounts:PasswordIterations=1000");

    /// <summary>Registers <paramref name="nick"/> as an account with <see cref="Password"/> from a raw IRC client, which then quits.</summary>
    private static async Task RegisterAccountAsync(TestServer server, string nick)
    {
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint, nick);
        await client.SendAsync($"REGISTER * * :{Password}");
        await client.ExpectAsync("900");
        await client.SendAsync("QUIT");
        await client.WaitClosedAsync();
    }

    /// <summary>The account WHOIS shows <paramref name="nick"/> logged in to (330), or null.</summary>
    private static async Task<string?> AccountOfAsync(TestServer server, string nick)
    {
        await using var watcher = await IrcClient.ConnectAsync(server.IrcEndPoint, "watcher" + Guid.NewGuid().ToString("N")[..6]);
        await watcher.SendAsync("WHOIS " + nick);
        var reply = await watcher.ReadUntilAsync(l => l.Is("318"));
        Assert.Contains(reply, l => l.Is("311"));
        return reply.FirstOrDefault(l => l.Is("330"))?[2];
    }

    private static void AssertPasswordNeverShown(TestChatClient client) =>
        Assert.DoesNotContain(client.Lines, l => l.Line.Text.Contains(Password, StringComparison.Ordinal));
}
