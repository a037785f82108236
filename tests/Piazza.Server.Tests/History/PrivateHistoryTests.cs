using Piazza.Server.Tests.Accounts;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.History;

/// <summary>
/// History for accounts: the private messages between two accounts are stored once, as their
/// conversation, and read with CHATHISTORY from any connection of either account
/// (https://ircv3.net/specs/extensions/chathistory, a nick target).
/// </summary>
[Trait("Category", "Slow")]
public sealed class PrivateHistoryTests
{
    /// <summary>How far a test's clock moves between messages: far below any of the server's timeouts.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    private static readonly string[] Caps = ["message-tags", "server-time", "batch", "draft/chathistory", "standard-replies", "echo-message", "draft/message-redaction"];

    [Fact]
    public async Task Two_accounts_talk_and_another_device_reads_the_conversation_with_every_subcommand()
    {
        // A clock of the test's, moved between messages: each gets its own millisecond, which a timestamp names.
        var clock = new FakeTimeProvider();
        await using var server = await TestServer.StartWithClockAsync(clock, AccountSettings.Fast);
        var alice = await RegisteredAsync(server, "alice");
        var bob = await RegisteredAsync(server, "bob");

        var ids = new List<string>
        {
            await SendAsync(alice, bob, "PRIVMSG bob :m0", clock),
            await SendAsync(bob, alice, "PRIVMSG alice :m1", clock),
            await SendAsync(alice, bob, "NOTICE bob :m2", clock),
            await SendAsync(alice, bob, "PRIVMSG bob :\u0001ACTION m3\u0001", clock),
            await SendAsync(bob, alice, "PRIVMSG alice :m4", clock),
        };

        // Another device of alice's, under another nick: the conversation is the accounts'.
        await using var laptop = await LogInAsync(server, "laptop", "alice");
        var all = await HistoryAsync(laptop, "LATEST bob * 10", "bob");
        Assert.Equal(["m0", "m1", "m2", "\u0001ACTION m3\u0001", "m4"], all.Select(l => l.Last));
        Assert.Equal(ids, all.Select(l => l.Tags["msgid"]));
        Assert.Equal(["PRIVMSG", "PRIVMSG", "NOTICE", "PRIVMSG", "PRIVMSG"], all.Select(l => l.Command));
        Assert.Equal(["bob", "alice", "bob", "bob", "alice"], all.Select(l => l[0]));
        Assert.Equal(["alice", "bob", "alice", "alice", "bob"], all.Select(l => l.SourceNick));
        Assert.All(all, l => Assert.EndsWith("@127.0.0.1", l.Source, StringComparison.Ordinal));
        var times = all.Select(l => l.Tags["time"]).ToList();

        const string M3 = "\u0001ACTION m3\u0001";
        Assert.Equal([M3, "m4"], Texts(await HistoryAsync(laptop, "LATEST bob * 2", "bob")));
        Assert.Equal(["m0", "m1"], Texts(await HistoryAsync(laptop, $"BEFORE bob msgid={ids[2]} 10", "bob")));
        Assert.Equal([M3, "m4"], Texts(await HistoryAsync(laptop, $"AFTER bob msgid={ids[2]} 10", "bob")));
        Assert.Equal(["m1", "m2", M3], Texts(await HistoryAsync(laptop, $"AROUND bob msgid={ids[2]} 3", "bob")));
        Assert.Equal(["m2", M3], Texts(await HistoryAsync(laptop, $"BETWEEN bob msgid={ids[1]} msgid={ids[4]} 10", "bob")));
        Assert.Equal(["m2", M3, "m4"], Texts(await HistoryAsync(laptop, $"AFTER bob timestamp={times[1]} 10", "bob")));
        Assert.Equal(["m0"], Texts(await HistoryAsync(laptop, $"BEFORE bob timestamp={times[1]} 10", "bob")));
        Assert.Equal(["m1", "m2"], Texts(await HistoryAsync(laptop, $"BETWEEN bob timestamp={times[0]} timestamp={times[3]} 10", "bob")));

        // Bob reads the same conversation naming alice by any of her nicks, in any case.
        Assert.Equal(ids, (await HistoryAsync(bob, "LATEST LAPTOP * 10", "LAPTOP")).Select(l => l.Tags["msgid"]));
        Assert.Equal(ids, (await HistoryAsync(bob, "LATEST alice * 10", "alice")).Select(l => l.Tags["msgid"]));
        await AssertQuietAsync(alice, bob, laptop);
    }

    [Fact]
    public async Task Nothing_is_stored_unless_both_are_logged_in_and_no_one_else_reads_a_conversation()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        var alice = await RegisteredAsync(server, "alice");
        var bob = await RegisteredAsync(server, "bob");
        var carol = await server.ConnectIrcAsync("carol", Caps);
        var dave = await RegisteredAsync(server, "dave");
        await alice.JoinAsync("#dev");

        var secret = await SendAsync(alice, bob, "PRIVMSG bob :secret");
        await SendAsync(alice, carol, "PRIVMSG carol :to a guest");
        await SendAsync(carol, alice, "PRIVMSG alice :from a guest");
        await alice.SendAsync("PRIVMSG #dev :in the channel");
        var inChannel = (await alice.ExpectAsync(l => l.Is("PRIVMSG") && l[0] == "#dev")).Tags["msgid"];

        Assert.Empty(await HistoryAsync(alice, "LATEST carol * 10", "carol"));
        Assert.Empty(await HistoryAsync(carol, "LATEST alice * 10", "alice"));
        Assert.Empty(await HistoryAsync(dave, "LATEST alice * 10", "alice"));
        Assert.Empty(await HistoryAsync(dave, "LATEST bob * 10", "bob"));
        Assert.Empty(await HistoryAsync(alice, "LATEST nobody * 10", "nobody"));

        // A msgid of another conversation, or of a channel, is no message of this one.
        foreach (var (client, request) in new[]
        {
            (dave, $"BEFORE alice msgid={secret} 10"),
            (dave, $"AROUND bob msgid={secret} 10"),
            (alice, $"AFTER bob msgid={inChannel} 10"),
            (alice, $"BETWEEN bob msgid={secret} msgid=no-such-id 10"),
        })
        {
            await client.SendAsync("CHATHISTORY " + request);
            var fail = await client.NextAsync();
            Assert.True(fail.Is("FAIL"), $"{request}: {fail}");
            Assert.Equal(["CHATHISTORY", "INVALID_MSGREFTOKEN", request.Split(' ')[0], request.Split(' ')[1]], fail.Parameters.Take(4));
        }

        // Hostile targets and references.
        await alice.SendAsync("CHATHISTORY LATEST b@d * 10");
        Assert.Equal(["CHATHISTORY", "INVALID_TARGET", "LATEST", "b@d"], (await alice.NextAsync()).Parameters.Take(4));
        await alice.SendAsync("CHATHISTORY BEFORE bob msgid= 10");
        Assert.Equal(["CHATHISTORY", "INVALID_PARAMS", "BEFORE"], (await alice.NextAsync()).Parameters.Take(3));
        await alice.SendAsync("CHATHISTORY AFTER bob timestamp=yesterday 10");
        Assert.Equal(["CHATHISTORY", "INVALID_PARAMS", "AFTER"], (await alice.NextAsync()).Parameters.Take(3));

        Assert.Equal(["secret"], Texts(await HistoryAsync(bob, "LATEST alice * 10", "alice")));
        await AssertQuietAsync(alice, bob, carol, dave);
    }

    [Fact]
    public async Task A_conversation_survives_a_restart_and_a_redaction_leaves_it()
    {
        var directory = TestServer.NewDataDirectory();
        // Not disposed: that would delete the data folder. Stopped, it keeps it for the restart.
        var server = await TestServer.StartInAsync(directory, AccountSettings.Fast);
        var alice = await RegisteredAsync(server, "alice");
        var bob = await RegisteredAsync(server, "bob");
        List<string> ids = [await SendAsync(alice, bob, "PRIVMSG bob :kept"), await SendAsync(bob, alice, "PRIVMSG alice :redacted"), await SendAsync(alice, bob, "PRIVMSG bob :also kept")];

        await bob.SendAsync($"REDACT alice {ids[1]} :oops");
        await alice.ExpectAsync(l => l.Is("REDACT") && l[1] == ids[1]);
        await bob.ExpectAsync(l => l.Is("REDACT") && l[1] == ids[1]);
        await AssertQuietAsync(alice, bob);
        await server.StopAsync();
        await alice.DisposeAsync();
        await bob.DisposeAsync();

        await using (var restarted = await TestServer.StartInAsync(directory, AccountSettings.Fast))
        {
            await using var phone = await LogInAsync(restarted, "phone", "bob");
            var history = await HistoryAsync(phone, "LATEST alice * 10", "alice");
            Assert.Equal(["kept", "also kept"], Texts(history));
            Assert.Equal([ids[0], ids[2]], history.Select(l => l.Tags["msgid"]));
            Assert.All(history, l => Assert.Equal("bob", l[0]));
            await AssertQuietAsync(phone);
        }
    }

    [Fact]
    public async Task Targets_lists_channels_and_correspondents_by_their_latest_message()
    {
        var clock = new FakeTimeProvider();
        await using var server = await TestServer.StartWithClockAsync(clock, AccountSettings.Fast);
        var alice = await RegisteredAsync(server, "alice");
        var bob = await RegisteredAsync(server, "bob");
        var carol = await RegisteredAsync(server, "carol");
        await alice.JoinAsync("#one");
        await alice.JoinAsync("#two");
        await bob.JoinAsync("#elsewhere");

        clock.Advance(Step);
        await alice.SendAsync("PRIVMSG #one :hello one");
        var one = (await alice.ExpectAsync(l => l.Is("PRIVMSG") && l[0] == "#one")).Tags["time"];
        await SendAsync(alice, bob, "PRIVMSG bob :hello bob", clock);
        clock.Advance(Step);
        await alice.SendAsync("PRIVMSG #two :hello two");
        await alice.ExpectAsync(l => l.Is("PRIVMSG") && l[0] == "#two");
        clock.Advance(Step);
        await bob.SendAsync("PRIVMSG #elsewhere :not alice's");
        await bob.ExpectAsync(l => l.Is("PRIVMSG") && l[0] == "#elsewhere");
        await SendAsync(carol, alice, "PRIVMSG alice :hello alice", clock);

        const string Early = "timestamp=2000-01-01T00:00:00.000Z";
        const string Late = "timestamp=2999-01-01T00:00:00.000Z";
        Assert.Equal(["#one", "bob", "#two", "carol"], Names(await TargetsAsync(alice, $"{Early} {Late} 10")));
        Assert.Equal(["#one", "bob"], Names(await TargetsAsync(alice, $"{Early} {Late} 2")));
        Assert.Equal(["carol", "#two"], Names(await TargetsAsync(alice, $"{Late} {Early} 2")));
        Assert.Equal(["bob", "#two", "carol"], Names(await TargetsAsync(alice, $"timestamp={one} {Late} 10")));
        Assert.Equal(["alice", "#elsewhere"], Names(await TargetsAsync(bob, $"{Early} {Late} 10")));

        // A correspondent online under another nick is named by it, which reads the conversation.
        await bob.SendAsync("NICK robert");
        await bob.ExpectAsync("NICK");
        Assert.Equal(["#one", "robert", "#two", "carol"], Names(await TargetsAsync(alice, $"{Early} {Late} 10")));
        Assert.Equal(["hello bob"], Texts(await HistoryAsync(alice, "LATEST robert * 10", "robert")));

        // Offline, by the account's name.
        await carol.SendAsync("QUIT");
        await carol.WaitClosedAsync();
        Assert.Equal(["hello alice"], Texts(await HistoryAsync(alice, "LATEST carol * 10", "carol")));
        await AssertQuietAsync(alice, bob);
    }

    [Fact]
    public async Task A_plain_user_reads_a_conversation_with_history_and_a_nick()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        var alice = await server.ConnectAsync("alice");
        await alice.SendAsync("/register " + AccountSettings.Password);
        await alice.ExpectAsync(l => l.StartsWith("* registered the account alice", StringComparison.Ordinal));
        var bob = await RegisteredAsync(server, "bob");

        await alice.SendAsync("/msg bob hello from plain");
        await bob.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == "hello from plain");
        await SendAsync(bob, bob, "PRIVMSG bob :a note to self");
        await bob.SendAsync("PRIVMSG alice :hello from irc");
        Assert.Equal("[bob (private)] hello from irc", await alice.NextChatAsync());

        await alice.SendAsync("/history bob 10");
        Assert.Equal("* history of bob (2 messages):", await alice.ExpectAsync(l => l.StartsWith("* history of", StringComparison.Ordinal)));
        Assert.Matches(@"^\* history \[\d{4}-\d\d-\d\d \d\d:\d\d\] \[alice to bob\] hello from plain$", await alice.NextAsync());
        Assert.Matches(@"^\* history \[\d{4}-\d\d-\d\d \d\d:\d\d\] \[bob to alice\] hello from irc$", await alice.NextAsync());

        await alice.SendAsync("/history b@d");
        Assert.Equal("! usage: /history [NICK] [N] (N: how many messages, 1 or more)", await alice.NextAsync());
        await alice.SendAsync("/logout");
        await alice.ExpectAsync("* you are logged out");
        await alice.SendAsync("/history bob");
        Assert.Equal("! private messages are kept for accounts only: /login first", await alice.NextAsync());

        // Bob's note to himself is his own conversation, stored once.
        var notes = await HistoryAsync(bob, "LATEST bob * 10", "bob");
        Assert.Equal(["a note to self"], Texts(notes));
        await AssertQuietAsync(bob);
    }

    /// <summary>A client registered as <paramref name="nick"/> that made the account of that name and is logged in to it.</summary>
    private static async Task<IrcClient> RegisteredAsync(TestServer server, string nick)
    {
        var client = await server.ConnectIrcAsync(nick, Caps);
        await client.SendAsync($"REGISTER * * :{AccountSettings.Password}");
        await client.ExpectAsync("REGISTER");
        await client.ExpectAsync("900");
        return client;
    }

    /// <summary>A client registered as <paramref name="nick"/>, logged in to <paramref name="account"/> with SASL PLAIN (another device).</summary>
    private static Task<IrcClient> LogInAsync(TestServer server, string nick, string account) =>
        SaslClients.LoggedInAsync(server, nick, account, Caps);

    /// <summary>
    /// Sends <paramref name="line"/>, waits for its echo and its delivery; the msgid. With a
    /// <paramref name="clock"/>, moves it on by <see cref="Step"/> first.
    /// </summary>
    private static async Task<string> SendAsync(IrcClient from, IrcClient to, string line, FakeTimeProvider? clock = null)
    {
        clock?.Advance(Step);
        var text = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
        await from.SendAsync(line);
        var echo = await from.ExpectAsync(l => l.Last == text && (l.Is("PRIVMSG") || l.Is("NOTICE")));
        var delivered = await to.ExpectAsync(l => l.Last == text && (l.Is("PRIVMSG") || l.Is("NOTICE")));
        Assert.Equal(echo.Tags["msgid"], delivered.Tags["msgid"]);
        return echo.Tags["msgid"];
    }

    /// <summary>A CHATHISTORY request's batch (for <paramref name="target"/>), with no error before or in it: its messages.</summary>
    private static async Task<List<IrcLine>> HistoryAsync(IrcClient client, string request, string target)
    {
        await client.SendAsync("CHATHISTORY " + request);
        var start = await client.ExpectAsync(l => l.Is("BATCH") && l[0].StartsWith('+'));
        Assert.Equal(["chathistory", target], start.Parameters.Skip(1));
        var reference = start[0][1..];
        var lines = await client.ReadUntilAsync(l => l.Is("BATCH") && l[0] == "-" + reference);
        var messages = lines.Where(l => l.Is("PRIVMSG") || l.Is("NOTICE")).ToList();
        Assert.Equal(lines.Count - 1, messages.Count);
        Assert.All(messages, l => Assert.Equal(reference, l.Tags["batch"]));
        Assert.All(messages, l => Assert.True(l.Tags.ContainsKey("time") && l.Tags.ContainsKey("msgid")));
        return messages;
    }

    /// <summary>CHATHISTORY TARGETS: the names and times listed.</summary>
    private static async Task<List<(string Name, string Time)>> TargetsAsync(IrcClient client, string request)
    {
        await client.SendAsync("CHATHISTORY TARGETS " + request);
        var start = await client.ExpectAsync(l => l.Is("BATCH") && l[0].StartsWith('+'));
        Assert.Equal("draft/chathistory-targets", start[1]);
        var lines = await client.ReadUntilAsync(l => l.Is("BATCH") && l[0] == "-" + start[0][1..]);
        Assert.All(lines.SkipLast(1), l => Assert.True(l.Is("CHATHISTORY") && l[0] == "TARGETS", l.Raw));
        return [.. lines.SkipLast(1).Select(l => (l[1], l[2]))];
    }

    private static string[] Texts(IEnumerable<IrcLine> lines) => [.. lines.Select(l => l.Last)];

    private static string[] Names(IEnumerable<(string Name, string Time)> targets) => [.. targets.Select(t => t.Name)];

    /// <summary>No error reply came to any of the clients up to now.</summary>
    private static async Task AssertQuietAsync(params IrcClient[] clients)
    {
        foreach (var client in clients)
        {
            var rest = await client.SyncAsync();
            Assert.DoesNotContain(rest, l => l.IsError);
            Assert.DoesNotContain(client.Skipped, l => l.IsError);
        }
    }
}
