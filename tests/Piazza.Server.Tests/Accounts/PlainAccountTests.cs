using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Accounts;

/// <summary>/register, /login, /logout from the plain protocol, end to end (docs/protocol-plain.md "Accounts").</summary>
[Trait("Category", "Slow")]
public sealed class PlainAccountTests
{
    [Fact]
    public async Task Register_then_log_in_from_another_connection_and_after_a_restart()
    {
        var data = TestServer.NewDataDirectory();
        var logs = new CapturedLogs();
        var server = await TestServer.StartInAsync(data, [.. AccountSettings.Fast, "Logging:LogLevel:Piazza=Debug"], services => services.AddSingleton<ILoggerProvider>(logs));
        await using (var alice = await server.ConnectAsync("alice"))
        {
            await alice.SendAsync("/register " + AccountSettings.Password);
            Assert.Equal("* registered the account alice; you are logged in. Next time: /login alice PASSWORD", await alice.NextAsync());
            await alice.SendAsync("/register another-password");
            Assert.Equal("! you are logged in as alice already", await alice.NextAsync());

            // Gone before the next client enters the lobby, which would otherwise see it quit.
            await alice.SendAsync("exit");
            await alice.WaitClosedAsync();
        }

        await using (var other = await server.ConnectAsync("alicia"))
        {
            await other.SendAsync("/login alice wrong-password");
            Assert.Equal("! wrong account name or password", await other.NextAsync());
            await other.SendAsync("/login nobody " + AccountSettings.Password);
            Assert.Equal("! wrong account name or password", await other.NextAsync());
            await other.SendAsync("/login ALICE " + AccountSettings.Password);
            Assert.Equal("* you are logged in as alice", await other.NextAsync());
            await other.SendAsync("/logout");
            Assert.Equal("* you are logged out", await other.NextAsync());
            await other.SendAsync("/logout");
            Assert.Equal("! you are not logged in", await other.NextAsync());
        }

        await logs.WaitForAsync(162);
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains(AccountSettings.Password, StringComparison.Ordinal) || l.Message.Contains("wrong-password", StringComparison.Ordinal));
        await server.StopAsync();

        await using var restarted = await TestServer.StartInAsync(data, AccountSettings.Fast);
        await using var again = await restarted.ConnectAsync("someone");
        await again.SendAsync("/login alice " + AccountSettings.Password);
        Assert.Equal("* you are logged in as alice", await again.NextAsync());
        await again.SendAsync("/nick alice");
        await again.NextAsync();
        await again.SendAsync("/register " + AccountSettings.Password);
        Assert.Equal("! you are logged in as alice already", await again.NextAsync());
    }

    [Fact]
    public async Task Registration_needs_a_chosen_nick_a_long_enough_password_and_a_free_name()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        await using var guest = await server.ConnectAsync();
        await guest.SendAsync("/register " + AccountSettings.Password);
        Assert.Equal("! pick a nickname first with /nick NAME: it becomes your account's name", await guest.NextAsync());

        await using var bob = await server.ConnectAsync("bob");
        await bob.SendAsync("/register short");
        Assert.Equal("! the password must be 8 to 1024 characters", await bob.NextAsync());
        await bob.SendAsync("/register " + new string('x', 1025));
        Assert.Equal("! the password must be 8 to 1024 characters", await bob.NextAsync());
        await bob.SendAsync("/register");
        Assert.StartsWith("! usage: /register PASSWORD", await bob.NextAsync(), StringComparison.Ordinal);
        await bob.SendAsync("/register " + AccountSettings.Password);
        Assert.StartsWith("* registered the account bob", await bob.NextAsync(), StringComparison.Ordinal);
        await bob.SendAsync("/logout");
        await bob.NextAsync();
        await bob.SendAsync("/register " + AccountSettings.Password);
        Assert.Equal("! bob is registered already; /login bob PASSWORD if it is yours", await bob.NextAsync());
    }

    [Fact]
    public async Task Closed_registration_refuses_and_operators_only_lets_operators()
    {
        await using var closed = await TestServer.StartAsync([.. AccountSettings.Fast, "Accounts:Registration=Closed"]);
        await using var bob = await closed.ConnectAsync("bob");
        await bob.SendAsync("/register " + AccountSettings.Password);
        Assert.Equal("! registration is closed on this server", await bob.NextAsync());

        await using var opsOnly = await TestServer.StartAsync([.. AccountSettings.Fast, "Accounts:Registration=OperatorsOnly", .. Operators.OperatorAccounts.Settings]);
        await using var carol = await opsOnly.ConnectAsync("carol");
        await carol.SendAsync("/register " + AccountSettings.Password);
        Assert.Equal("! registration is closed on this server", await carol.NextAsync());
        await carol.SendAsync($"/oper {Operators.OperatorAccounts.Name} {Operators.OperatorAccounts.Password}");
        await carol.ExpectAsync(l => l.Contains("server operator", StringComparison.Ordinal));
        await carol.SendAsync("/register " + AccountSettings.Password);
        Assert.StartsWith("* registered the account carol", await carol.NextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_failures_make_the_next_attempts_wait_without_checking_the_password()
    {
        var clock = new FakeTimeProvider();
        await using var server = await TestServer.StartWithClockAsync(clock, [.. AccountSettings.Fast, "Accounts:FreeLoginFailures=2"]);
        await using (var owner = await server.ConnectAsync("dora"))
        {
            await owner.SendAsync("/register " + AccountSettings.Password);
            await owner.ExpectAsync(l => l.StartsWith("* registered", StringComparison.Ordinal));
            await owner.SendAsync("exit");
            await owner.WaitClosedAsync();
        }

        await using var guesser = await server.ConnectAsync("guesser");
        await guesser.SendAsync("/login dora guess-one");
        Assert.Equal("! wrong account name or password", await guesser.NextAsync());
        await guesser.SendAsync("/login dora guess-two");
        Assert.Equal("! wrong account name or password", await guesser.NextAsync());

        // Even the right password is refused while the account waits: the guesser cannot tell.
        await guesser.SendAsync("/login dora " + AccountSettings.Password);
        Assert.Equal("! too many failed logins; try again in 1 s", await guesser.NextAsync());

        clock.Advance(TimeSpan.FromSeconds(1));
        await guesser.SendAsync("/login dora " + AccountSettings.Password);
        Assert.Equal("* you are logged in as dora", await guesser.NextAsync());
    }
}
