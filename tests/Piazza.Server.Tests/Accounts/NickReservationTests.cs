using System.Text;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Accounts;

/// <summary>
/// A registered nick is reserved (docs/protocol-irc.md "Accounts"): whoever takes it without being
/// logged in to its account is told at once and renamed to a guest nick when
/// <c>Accounts:NickGraceSeconds</c> (30 s) pass on the server's clock, a fake one here, unless it
/// logs in to that account or changes nick meanwhile.
/// </summary>
[Trait("Category", "Slow")]
public sealed class NickReservationTests
{
    private const string IrcWarning = "alice is a registered nick: log in to it within 30 s (SASL: AUTHENTICATE PLAIN) or you will be renamed";
    private const string PlainWarning = "* alice is a registered nick: log in to it within 30 s with /login alice PASSWORD, or you will be renamed";
    private static readonly TimeSpan PastGrace = TimeSpan.FromSeconds(31);

    [Fact]
    public async Task An_irc_user_on_a_registered_nick_is_warned_and_renamed_when_the_grace_runs_out()
    {
        var clock = new FakeTimeProvider();
        var logs = new CapturedLogs();
        await using var server = await StartAsync(clock, logs);
        await RegisterAsync(server, "alice");

        await using var bob = await server.ConnectIrcAsync("bob");
        await bob.JoinAsync("#dev");
        await using var taker = await server.ConnectIrcAsync("alice");
        var warning = await taker.ExpectAsync("NOTICE");
        Assert.Equal(["alice", IrcWarning], warning.Parameters);
        await taker.JoinAsync("#dev");
        await bob.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "alice");

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.DoesNotContain(await taker.SyncAsync(), l => l.Is("NICK"));

        clock.Advance(TimeSpan.FromSeconds(2));
        var own = await taker.ExpectAsync("NICK");
        var guest = own[0];
        Assert.Equal("alice", own.SourceNick);
        Assert.StartsWith("Guest", guest, StringComparison.Ordinal);
        var why = await taker.ExpectAsync("NOTICE");
        Assert.Equal([guest, $"You were renamed to {guest}: alice is a registered nick and you did not log in to it within 30 s"], why.Parameters);
        var seen = await bob.ExpectAsync("NICK");
        Assert.Equal("alice", seen.SourceNick);
        Assert.Equal([guest], seen.Parameters);

        // Still connected, still in its channel, under the guest nick.
        await bob.SendAsync("WHOIS " + guest);
        var whois = await bob.ReadUntilAsync(l => l.Is("318"));
        Assert.Equal(guest, whois.Single(l => l.Is("311"))[1]);
        Assert.Contains("#dev", whois.Single(l => l.Is("319")).Last, StringComparison.Ordinal);
        await taker.SendAsync("PRIVMSG #dev :still here");
        Assert.Equal(guest, (await bob.ExpectAsync("PRIVMSG")).SourceNick);
        Assert.Null(server.Hub.FindNick("alice"));
        Assert.Contains(logs.Lines, l => l.EventId.Id == 109 && l.Message.Contains($"from alice to {guest}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logging_in_with_sasl_within_the_grace_keeps_the_nick()
    {
        var clock = new FakeTimeProvider();
        await using var server = await StartAsync(clock);
        await RegisterAsync(server, "alice");

        await using var taker = await server.ConnectIrcAsync("alice");
        await taker.ExpectAsync("NOTICE");
        await taker.SendAsync("AUTHENTICATE PLAIN");
        await taker.ExpectAsync("AUTHENTICATE");
        await taker.SendAsync("AUTHENTICATE " + SaslClients.Plain("alice", AccountSettings.Password));
        await taker.ExpectAsync("903");

        clock.Advance(PastGrace);
        var lines = await taker.SyncAsync();
        Assert.DoesNotContain(lines, l => l.Is("NICK") || l.Is("NOTICE"));
        Assert.NotNull(server.Hub.FindNick("alice"));
    }

    [Fact]
    public async Task Logging_in_to_another_account_does_not_keep_a_registered_nick()
    {
        var clock = new FakeTimeProvider();
        await using var server = await StartAsync(clock);
        await RegisterAsync(server, "alice");
        await RegisterAsync(server, "mallory");

        await using var taker = await server.ConnectIrcAsync("alice");
        await taker.ExpectAsync("NOTICE");
        await taker.SendAsync("AUTHENTICATE PLAIN");
        await taker.ExpectAsync("AUTHENTICATE");
        await taker.SendAsync("AUTHENTICATE " + SaslClients.Plain("mallory", AccountSettings.Password));
        await taker.ExpectAsync("903");

        clock.Advance(PastGrace);
        var renamed = await taker.ExpectAsync("NICK");
        Assert.StartsWith("Guest", renamed[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_nick_within_the_grace_keeps_the_new_nick_and_a_later_return_starts_a_new_grace()
    {
        var clock = new FakeTimeProvider();
        await using var server = await StartAsync(clock);
        await RegisterAsync(server, "alice");

        await using var taker = await server.ConnectIrcAsync("alice");
        await taker.ExpectAsync("NOTICE");
        clock.Advance(TimeSpan.FromSeconds(20));
        await taker.ChangeNickAsync("alicia");
        clock.Advance(PastGrace);
        var lines = await taker.SyncAsync();
        Assert.DoesNotContain(lines, l => l.Is("NICK") || l.Is("NOTICE"));

        // Back on the registered nick: a fresh 30 s, not what was left of the first.
        await taker.ChangeNickAsync("alice");
        Assert.Equal(IrcWarning, (await taker.ExpectAsync("NOTICE")).Last);
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(await taker.SyncAsync(), l => l.Is("NICK"));
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.StartsWith("Guest", (await taker.ExpectAsync("NICK"))[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_logging_in_during_registration_is_never_warned()
    {
        var clock = new FakeTimeProvider();
        await using var server = await StartAsync(clock);
        await RegisterAsync(server, "alice");

        var (owner, burst) = await SaslClients.LogInDuringRegistrationAsync(server, "alice", "alice", "alice");
        await using var ownerClient = owner;

        clock.Advance(PastGrace);
        var after = await owner.SyncAsync();
        Assert.DoesNotContain([.. burst, .. after], l => l.Is("NOTICE") || l.Is("NICK"));
    }

    [Fact]
    public async Task A_plain_user_is_warned_renamed_and_keeps_its_room_and_a_login_cancels()
    {
        var clock = new FakeTimeProvider();
        await using var server = await StartAsync(clock);
        await RegisterAsync(server, "alice");

        var (taker, bob) = await server.PlainPairInAsync("dev", "tom", "bob");
        await using (taker)
        await using (bob)
        {
            await taker.SendAsync("/nick alice");
            await taker.ExpectAsync("* you are now known as alice");
            Assert.Equal(PlainWarning, await taker.NextAsync());
            await bob.ExpectAsync("* tom is now known as alice");

            clock.Advance(PastGrace);
            var renamed = await taker.NextAsync();
            Assert.Matches("^\\* you are now known as (Guest[0-9]+): alice is a registered nick and you did not log in to it within 30 s$", renamed);
            var guest = renamed["* you are now known as ".Length..renamed.IndexOf(':', StringComparison.Ordinal)];
            await bob.ExpectAsync($"* alice is now known as {guest}");
            await taker.SendAsync("still here");
            Assert.Equal($"[{guest}@dev] still here", await bob.NextChatAsync());

            // Taken again, then logged in to within the grace: kept.
            await taker.SendAsync("/nick alice");
            await taker.ExpectAsync("* you are now known as alice");
            Assert.Equal(PlainWarning, await taker.NextAsync());
            await taker.SendAsync("/login alice " + AccountSettings.Password);
            Assert.Equal("* you are logged in as alice", await taker.NextAsync());
            clock.Advance(PastGrace);
            await taker.SendAsync("/away");
            Assert.Equal("* you are back", await taker.NextAsync());
            Assert.NotNull(server.Hub.FindNick("alice"));
        }
    }

    [Fact]
    public async Task A_session_that_ends_within_the_grace_leaves_no_timer_and_no_rename()
    {
        var clock = new FakeTimeProvider();
        var logs = new CapturedLogs();

        // History in memory: the SQLite writer's commit waits would come and go on the clock too.
        await using var server = await StartAsync(clock, logs, "History:Store=memory");
        await RegisterAsync(server, "alice");

        var before = clock.PendingTimers;
        var taker = await server.ConnectAsync("tom");
        await taker.SendAsync("/nick alice");
        await taker.ExpectAsync(PlainWarning);
        Assert.Equal(before + 1, clock.PendingTimers);
        await taker.SendAsync("exit");
        await taker.WaitClosedAsync();
        Assert.Equal(before, clock.PendingTimers);

        clock.Advance(PastGrace);
        await using var other = await server.ConnectAsync("alicia");
        await other.SendAsync("/away");
        Assert.Equal("* you are back", await other.NextAsync());
        Assert.DoesNotContain(logs.Lines, l => l.EventId.Id == 109 || l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task The_rename_loses_no_byte_of_a_half_sent_line_over_tls()
    {
        var clock = new FakeTimeProvider();
        var folder = TestServer.NewDataDirectory();
        await using var server = await StartAsync(clock, logs: null, TestCertificate.Write(folder).Settings);
        await RegisterAsync(server, "alice");

        await using var bob = await server.ConnectIrcAsync("bob");
        await bob.JoinAsync("#dev");
        await using var taker = await IrcClient.ConnectTlsAsync(server.TlsEndPoint!);
        await taker.RegisterAsync("alice");
        await taker.ExpectAsync("NOTICE");
        await taker.JoinAsync("#dev");
        await bob.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "alice");

        // The read loop is woken while the first half may wait in its buffer, unframed.
        await taker.SendRawAsync(Encoding.UTF8.GetBytes("PRIVMSG #dev :ha"));
        clock.Advance(PastGrace);
        var guest = (await bob.ExpectAsync("NICK"))[0];
        await taker.SendRawAsync(Encoding.UTF8.GetBytes("lf\r\n"));
        var said = await bob.ExpectAsync("PRIVMSG");
        Assert.Equal((guest, "half"), (said.SourceNick, said.Last));
    }

    [Fact]
    public async Task Grace_zero_reserves_no_nick()
    {
        var clock = new FakeTimeProvider();
        await using var server = await StartAsync(clock, logs: null, "Accounts:NickGraceSeconds=0");
        await RegisterAsync(server, "alice");

        await using var taker = await server.ConnectIrcAsync("alice");
        clock.Advance(PastGrace);
        Assert.DoesNotContain(await taker.SyncAsync(), l => l.Is("NOTICE") || l.Is("NICK"));
    }

    [Fact]
    public async Task Requiring_accounts_an_irc_user_not_logged_in_is_renamed_to_a_guest_nick_it_may_keep()
    {
        var clock = new FakeTimeProvider();
        var logs = new CapturedLogs();
        await using var server = await StartAsync(clock, logs, RequireForNicks);

        await using var bob = await server.ConnectIrcAsync("bob");
        Assert.Equal(
            ["bob", "This server needs an account for a nick: log in (SASL) or REGISTER bob within 30 s, or you will be renamed to a guest nick"],
            (await bob.ExpectAsync("NOTICE")).Parameters);
        clock.Advance(PastGrace);
        var guest = (await bob.ExpectAsync("NICK"))[0];
        Assert.StartsWith("Guest", guest, StringComparison.Ordinal);
        Assert.Equal(
            [guest, $"You were renamed to {guest}: this server needs an account for a nick, and you did not log in within 30 s"],
            (await bob.ExpectAsync("NOTICE")).Parameters);

        // The guest nick is the client's to keep; a nick it chooses again starts a new grace.
        clock.Advance(PastGrace);
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.Is("NICK") || l.Is("NOTICE"));
        await bob.SendAsync("NICK bobby");
        await bob.ExpectAsync("NICK");
        Assert.StartsWith("This server needs an account for a nick", (await bob.ExpectAsync("NOTICE")).Last, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.EventId.Id == 109 && l.Message.Contains($"from bob to {guest}", StringComparison.Ordinal) && l.Message.Contains("AccountRequired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requiring_accounts_a_client_logged_in_to_any_account_keeps_a_free_nick_and_registering_keeps_it_too()
    {
        var clock = new FakeTimeProvider();
        await using var server = await StartAsync(clock, logs: null, RequireForNicks);
        await RegisterAsync(server, "alice");

        // SASL during registration to alice's account, under another nick nobody registered: never warned.
        var (owner, burst) = await SaslClients.LogInDuringRegistrationAsync(server, "ally", "alice", "alice");
        await using var ownerClient = owner;

        // A plain user registers the nick it chose within the grace: it is now its account's.
        await using var carol = await server.ConnectAsync("carol");
        Assert.Equal(PlainAccountWarning("carol"), await carol.NextAsync());
        await carol.SendAsync("/register " + AccountSettings.Password);
        await carol.ExpectAsync(l => l.StartsWith("* registered the account", StringComparison.Ordinal));

        clock.Advance(PastGrace);
        Assert.DoesNotContain([.. burst, .. await owner.SyncAsync()], l => l.Is("NOTICE") || l.Is("NICK"));
        await carol.SendAsync("/away");
        Assert.Equal("* you are back", await carol.NextAsync());
        Assert.NotNull(server.Hub.FindNick("ally"));
        Assert.NotNull(server.Hub.FindNick("carol"));
    }

    [Fact]
    public async Task Requiring_accounts_a_plain_logout_starts_the_grace_again_and_a_nameless_plain_user_is_never_warned()
    {
        var clock = new FakeTimeProvider();
        await using var server = await StartAsync(clock, logs: null, RequireForNicks);
        await RegisterAsync(server, "alice");

        await using var nameless = await server.ConnectAsync();
        await using var alice = await server.ConnectAsync("alice");
        Assert.Equal(PlainWarning, await alice.NextAsync());
        await alice.SendAsync("/login alice " + AccountSettings.Password);
        Assert.Equal("* you are logged in as alice", await alice.NextAsync());
        await alice.SendAsync("/logout");
        await alice.ExpectAsync(l => l.Contains("logged out", StringComparison.Ordinal));
        Assert.Equal(PlainWarning, await alice.NextAsync());
        clock.Advance(PastGrace);
        Assert.Matches("^\\* you are now known as Guest[0-9]+: alice is a registered nick", await alice.NextAsync());

        await nameless.SendAsync("/away");
        await nameless.ExpectAsync("* you are back");
        Assert.DoesNotContain(nameless.Skipped, l => l.Contains("needs an account", StringComparison.Ordinal) || l.StartsWith("* you are now known as", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_requiring_accounts_a_logout_keeps_ones_own_nick()
    {
        var clock = new FakeTimeProvider();
        await using var server = await StartAsync(clock);
        await RegisterAsync(server, "alice");

        await using var alice = await server.ConnectAsync("alice");
        Assert.Equal(PlainWarning, await alice.NextAsync());
        await alice.SendAsync("/login alice " + AccountSettings.Password);
        Assert.Equal("* you are logged in as alice", await alice.NextAsync());
        await alice.SendAsync("/logout");
        await alice.ExpectAsync(l => l.Contains("logged out", StringComparison.Ordinal));
        clock.Advance(PastGrace);
        await alice.SendAsync("/away");
        Assert.Equal("* you are back", await alice.NextAsync());
        Assert.NotNull(server.Hub.FindNick("alice"));
    }

    private const string RequireForNicks = "Accounts:RequireForNicks=true";

    private static string PlainAccountWarning(string nick) =>
        $"* this server needs an account for a nick: within 30 s, /register PASSWORD to make {nick} yours, or /login NAME PASSWORD, or you will be renamed";

    private static Task<TestServer> StartAsync(FakeTimeProvider clock, CapturedLogs? logs = null, params string[] settings) =>
        TestServer.StartAsync(
            services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                if (logs is not null)
                {
                    services.AddSingleton<ILoggerProvider>(logs);
                }
            },
            [.. AccountSettings.Fast, "Logging:LogLevel:Piazza=Information", .. settings]);

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
