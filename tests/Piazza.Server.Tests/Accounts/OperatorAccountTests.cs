using Piazza.Server.Tests.Operators;
using Piazza.Testing;

namespace Piazza.Server.Tests.Accounts;

/// <summary>
/// Operator accounts (docs/protocol-irc.md "Server operators"): a server operator flags an account
/// (OPERACCOUNT, /oper-account); logging in to it, by SASL or /login, makes one a server operator;
/// logging out, or the flag taken back, ends it; the flag survives a restart.
/// </summary>
[Trait("Category", "Slow")]
public sealed class OperatorAccountTests
{
    private static string[] Settings => [.. AccountSettings.Fast, .. OperatorAccounts.Settings];

    [Fact]
    public async Task An_operator_flags_an_account_on_irc_and_a_sasl_login_to_it_opers_after_a_restart_too()
    {
        var data = TestServer.NewDataDirectory();
        var server = await TestServer.StartInAsync(data, Settings);
        await RegisterAsync(server, "alice");
        await using (var root = await OperAsync(server, "root"))
        {
            await root.SendAsync("OPERACCOUNT");
            Assert.Equal("No operator accounts", (await root.ExpectAsync("NOTICE")).Last);
            await root.SendAsync("OPERACCOUNT ALICE ON");
            Assert.Equal("alice is now an operator account: logging in to it makes one an IRC operator", (await root.ExpectAsync("NOTICE")).Last);
            await root.SendAsync("OPERACCOUNT");
            Assert.Equal("Operator accounts: alice", (await root.ExpectAsync("NOTICE")).Last);
            await root.SendAsync("OPERACCOUNT alice");
            Assert.Equal("alice is an operator account", (await root.ExpectAsync("NOTICE")).Last);
        }

        await server.StopAsync();
        await using var restarted = await TestServer.StartInAsync(data, Settings);
        await using var alice = await SaslClients.LoggedInAsync(restarted, "alice", "alice");
        var burst = await alice.ReadUntilAsync(l => l.Is("381"));
        Assert.Contains(burst, l => l.Is("MODE") && l.Parameters.SequenceEqual(["alice", "+o"]));
        Assert.Equal("You are now an IRC operator (account alice)", burst[^1].Last);

        // Operator powers, as OPER gives.
        await using var bob = await restarted.ConnectIrcAsync("bob");
        await alice.SendAsync("KILL bob :testing");
        Assert.StartsWith("Killed bob", (await alice.ExpectAsync("NOTICE")).Last, StringComparison.Ordinal);
        await bob.ExpectAsync("ERROR");
    }

    [Fact]
    public async Task A_plain_login_opers_a_logout_ends_it_and_taking_the_flag_back_ends_it_at_once()
    {
        await using var server = await TestServer.StartAsync(Settings);
        await RegisterAsync(server, "alice");
        await using var root = await server.ConnectAsync("boss");
        await root.SendAsync($"/oper {OperatorAccounts.Name} {OperatorAccounts.Password}");
        await root.ExpectAsync(l => l.StartsWith("* you are now a server operator", StringComparison.Ordinal));
        await root.SendAsync("/oper-account alice on");
        Assert.Equal("* logging in to alice now makes one a server operator", await root.NextAsync());

        await using var alice = await server.ConnectAsync("alice");
        await alice.ExpectAsync(l => l.StartsWith("* alice is a registered nick", StringComparison.Ordinal));
        await alice.SendAsync("/login alice " + AccountSettings.Password);
        Assert.Equal("* you are logged in as alice", await alice.NextAsync());
        Assert.Equal("* you are now a server operator (account alice): you operate every room; /kill, /ban and /wallops are yours", await alice.NextAsync());
        await alice.SendAsync("/bans");
        await alice.ExpectAsync(l => l.Contains("ban", StringComparison.Ordinal));

        await alice.SendAsync("/logout");
        await alice.ExpectAsync("* you are logged out");
        Assert.Equal("* you are no longer a server operator: you are no longer logged in to alice", await alice.NextAsync());
        await alice.SendAsync("/bans");
        Assert.StartsWith("! only server operators may do that", await alice.NextAsync(), StringComparison.Ordinal);

        // Logged in again, then the flag is taken back: at once.
        await alice.SendAsync("/login alice " + AccountSettings.Password);
        await alice.ExpectAsync("* you are logged in as alice");
        await alice.ExpectAsync(l => l.StartsWith("* you are now a server operator", StringComparison.Ordinal));
        await root.SendAsync("/oper-account alice off");
        await root.ExpectAsync("* alice is no longer an operator account; its users are no longer server operators");
        Assert.False(server.Hub.FindNick("alice")!.IsServerOperator);
        await alice.SendAsync("/bans");
        Assert.StartsWith("! only server operators may do that", await alice.NextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_operators_may_and_bad_input_is_refused_clearly()
    {
        await using var server = await TestServer.StartAsync(Settings);
        await RegisterAsync(server, "alice");
        await using var mallory = await server.ConnectIrcAsync("mallory", "standard-replies");
        await mallory.SendAsync("OPERACCOUNT alice ON");
        Assert.Equal("481", (await mallory.ExpectAsync("481")).Command);
        await using var plain = await server.ConnectAsync("eve");
        await plain.SendAsync("/oper-account alice on");
        Assert.StartsWith("! only server operators may do that", await plain.NextAsync(), StringComparison.Ordinal);

        await using var root = await OperAsync(server, "root", "standard-replies");
        await root.SendAsync("OPERACCOUNT nobody ON");
        Assert.Equal(["OPERACCOUNT", "ACCOUNT_UNKNOWN", "nobody", "No such account"], (await root.ExpectAsync("FAIL", allowErrors: true)).Parameters);
        await root.SendAsync("OPERACCOUNT alice MAYBE");
        Assert.Equal(["OPERACCOUNT", "INVALID_PARAMS", "MAYBE", "Say ON or OFF"], (await root.ExpectAsync("FAIL", allowErrors: true)).Parameters);
        await root.SendAsync("OPERACCOUNT alice\u0001 ON");
        Assert.Equal("ACCOUNT_UNKNOWN", (await root.ExpectAsync("FAIL", allowErrors: true))[1]);
        Assert.False(server.Hub.Accounts.Find("alice")!.IsOperator);

        await using var boss = await server.ConnectAsync("boss");
        await boss.SendAsync($"/oper {OperatorAccounts.Name} {OperatorAccounts.Password}");
        await boss.ExpectAsync(l => l.StartsWith("* you are now a server operator", StringComparison.Ordinal));
        await boss.SendAsync("/oper-account alice maybe");
        Assert.Equal("! usage: /oper-account [NAME [on|off]]", await boss.NextAsync());
        await boss.SendAsync("/oper-account nobody on");
        Assert.Equal("! there is no account nobody", await boss.NextAsync());
        await boss.SendAsync("/oper-account alice");
        Assert.Equal("* alice is not an operator account", await boss.NextAsync());
    }

    private static async Task<IrcClient> OperAsync(TestServer server, string nick, params string[] caps)
    {
        var client = await server.ConnectIrcAsync(nick, caps);
        await client.SendAsync($"OPER {OperatorAccounts.Name} :{OperatorAccounts.Password}");
        await client.ExpectAsync("381");
        return client;
    }

    /// <summary>Registers <paramref name="nick"/> from a plain client that then leaves, so the nick is free.</summary>
    private static async Task RegisterAsync(TestServer server, string nick)
    {
        var owner = await server.ConnectAsync(nick);
        await owner.SendAsync("/register " + AccountSettings.Password);
        await owner.ExpectAsync(l => l.StartsWith("* registered the account", StringComparison.Ordinal));
        await owner.SendAsync("exit");
        await owner.WaitClosedAsync();
    }
}
