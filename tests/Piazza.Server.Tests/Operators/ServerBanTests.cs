using System.Net;

using Piazza.Testing;

namespace Piazza.Server.Tests.Operators;

/// <summary>Server bans end to end: by CIDR and by mask, cutting who is connected and refusing who comes back, across a restart.</summary>
[Trait("Category", "Slow")]
public sealed class ServerBanTests
{
    private static readonly IPAddress Banned = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task A_cidr_ban_cuts_a_connected_user_from_that_address_and_refuses_it_on_both_ports()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var root = await IrcOperatorTests.OperAsync(server, "root1");
        await using var victim = await IrcClient.ConnectFromAsync(server.IrcEndPoint, Banned);
        await victim.RegisterAsync("victim");
        await using var plainVictim = await LineClient.ConnectAsync(server.EndPoint, from: Banned);
        await using var local = await server.ConnectIrcAsync("local");

        await root.SendAsync("DLINE 30 127.0.0.2/32 :bot farm");

        var notice = await root.NextAsync();
        Assert.Equal("NOTICE", notice.Command);
        Assert.StartsWith("Banned 127.0.0.2/32 until ", notice.Last, StringComparison.Ordinal);
        Assert.EndsWith("(bot farm); 2 client(s) cut", notice.Last, StringComparison.Ordinal);
        Assert.Equal("ERROR :Closing Link: 127.0.0.2 (Banned (bot farm))", Assert.Single(await victim.WaitClosedAsync()).Raw);
        Assert.Equal("* Banned (bot farm)", Assert.Single(await plainVictim.WaitClosedAsync()));
        Assert.Empty(await local.SyncAsync());

        await using var again = await IrcClient.ConnectFromAsync(server.IrcEndPoint, Banned);
        Assert.Equal("ERROR :you are banned from this server: bot farm", Assert.Single(await again.WaitClosedAsync()).Raw);
        // Nothing sent: the refusal comes at accept, and the server may close before a first line could be written.
        await using var plainAgain = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false, from: Banned);
        Assert.Equal("! you are banned from this server: bot farm", Assert.Single(await plainAgain.WaitClosedAsync()));
        await using var otherAddress = await server.ConnectIrcAsync("fine");
    }

    [Fact]
    public async Task A_mask_ban_cuts_the_user_refuses_its_registration_and_a_plain_user_taking_that_nick()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var root = await IrcOperatorTests.OperAsync(server, "root1");
        var (witness, spammer) = await server.IrcPairInAsync("#dev", "witness", "spammer");

        await root.SendAsync("KLINE spammer :links everywhere");

        Assert.EndsWith("(links everywhere); 1 client(s) cut", (await root.NextAsync()).Last, StringComparison.Ordinal);
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Banned (links everywhere))", Assert.Single(await spammer.WaitClosedAsync()).Raw);
        var quit = await witness.ExpectAsync("QUIT");
        Assert.Equal(["spammer", "Banned (links everywhere)"], [quit.SourceNick!, quit.Last]);

        await using var back = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await back.SendAsync("NICK SPAMMER");
        await back.SendAsync("USER s 0 * :s");
        var refused = await back.WaitClosedAsync();
        Assert.Equal(["465", "ERROR"], refused.Select(l => l.Command));
        Assert.Equal("You are banned from this server: links everywhere", refused[0].Last);
        Assert.Null(server.Hub.FindNick("spammer"));

        await using var plain = await server.ConnectAsync();
        await plain.SendAsync("/nick spammer");
        Assert.Equal("* Banned (links everywhere)", Assert.Single(await plain.WaitClosedAsync()));
    }

    [Fact]
    public async Task Non_operators_get_481_and_a_kline_with_an_address_or_a_bad_mask_is_refused()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var root = await IrcOperatorTests.OperAsync(server, "root1");

        await alice.SendAsync("KLINE bob :x");
        await alice.SendAsync("DLINE 10.0.0.1 :x");
        await alice.SendAsync("UNKLINE bob");
        await alice.SendAsync("STATS k");
        Assert.Equal(["481", "481", "481", "481"], (await alice.SyncAsync()).Select(l => l.Command));

        await root.SendAsync("KLINE 10.0.0.1 :x");
        await root.SendAsync("DLINE bob :x");
        await root.SendAsync("UNKLINE nobody");
        var replies = await root.SyncAsync();
        Assert.Equal(["NOTICE", "NOTICE", "NOTICE"], replies.Select(l => l.Command));
        Assert.Contains("DLINE", replies[0].Last, StringComparison.Ordinal);
        Assert.Contains("not an IP address", replies[1].Last, StringComparison.Ordinal);
        Assert.Equal("No server ban on nobody", replies[2].Last);
        Assert.Empty(server.Hub.ServerBans.Active);
    }

    [Fact]
    public async Task Bans_survive_a_restart_are_listed_by_stats_and_unban_lets_the_user_back()
    {
        var data = TestServer.NewDataDirectory();
        var server = await TestServer.StartInAsync(data, OperatorAccounts.Settings);
        await using (var root = await IrcOperatorTests.OperAsync(server, "root1"))
        {
            await root.SendAsync("KLINE 1d spammer :links everywhere");
            await root.SendAsync("DLINE 127.0.0.2 :bot farm");
            Assert.Equal(["NOTICE", "NOTICE"], (await root.SyncAsync()).Select(l => l.Command));
        }

        await server.StopAsync();
        await using var restarted = await TestServer.StartInAsync(data, OperatorAccounts.Settings);

        await using var spammer = await IrcClient.ConnectAsync(restarted.IrcEndPoint);
        await spammer.SendAsync("NICK spammer");
        await spammer.SendAsync("USER s 0 * :s");
        Assert.Equal("465", (await spammer.WaitClosedAsync())[0].Command);
        await using var fromBanned = await IrcClient.ConnectFromAsync(restarted.IrcEndPoint, Banned);
        Assert.Equal("ERROR :you are banned from this server: bot farm", Assert.Single(await fromBanned.WaitClosedAsync()).Raw);

        await using var root2 = await IrcOperatorTests.OperAsync(restarted, "root2");
        await root2.SendAsync("STATS k");
        await root2.SendAsync("STATS d");
        var stats = await root2.SyncAsync();
        Assert.Equal(["216", "219", "225", "219"], stats.Select(l => l.Command));
        Assert.Equal(["K", "spammer!*@*"], stats[0].Parameters.Skip(1).Take(2));
        var secondsLeft = long.Parse(stats[0][3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(secondsLeft, 86_400 - 600, 86_400);
        Assert.Equal(["root1", "links everywhere"], stats[0].Parameters.Skip(4));
        Assert.Equal(["D", "127.0.0.2/32", "0", "root1", "bot farm"], stats[2].Parameters.Skip(1));

        await root2.SendAsync("UNKLINE spammer");
        await root2.SendAsync("UNDLINE 127.0.0.2");
        Assert.Equal(["Lifted the server ban on spammer!*@*", "Lifted the server ban on 127.0.0.2/32"], (await root2.SyncAsync()).Select(l => l.Last));
        await using var welcome = await restarted.ConnectIrcAsync("spammer");
        await using var fromAddress = await IrcClient.ConnectFromAsync(restarted.IrcEndPoint, Banned);
        await fromAddress.RegisterAsync("fromtwo");
    }

    [Fact]
    public async Task Plain_operators_ban_list_and_unban()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var root = await server.ConnectAsync();
        await root.SendAsync($"/oper {OperatorAccounts.Name} {OperatorAccounts.Password}");
        await root.ExpectAsync(l => l.StartsWith("* you are now a server operator", StringComparison.Ordinal));
        await using var victim = await server.ConnectAsync(); // a plain guest: Guest…!~plain@127.0.0.1
        await root.ExpectAsync(l => l.EndsWith("joined lobby", StringComparison.Ordinal));

        await root.SendAsync("/ban *!~plain@* 2h plain guests are banned today");

        // The reply and the victim's quit (from the victim's own session) may come in either order.
        var lines = new[] { await root.NextAsync(), await root.NextAsync() }.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal($"* {victim.Address} quit (Banned (plain guests are banned today))", lines[0]);
        Assert.Matches(@"^\* you banned \*!~plain@\* from the server until .* \(120 min\) \(plain guests are banned today\); 1 cut$", lines[1]);
        Assert.Equal("* Banned (plain guests are banned today)", Assert.Single(await victim.WaitClosedAsync()));

        await root.SendAsync("/bans");
        Assert.Equal("* 1 server ban:", await root.NextAsync());
        Assert.Matches(@"^\*   \*!~plain@\* \(by Guest\d+, until .* UTC \(120 min\)\): plain guests are banned today$", await root.NextAsync());
        await using (var newGuest = await server.ConnectAsync())
        {
            Assert.Equal("* Banned (plain guests are banned today)", Assert.Single(await newGuest.WaitClosedAsync()));
        }

        await root.SendAsync("/ban 10.0.0.0/33");
        Assert.StartsWith("! 10.0.0.0/33 is neither", await root.NextAsync(), StringComparison.Ordinal);
        await root.SendAsync("/unban *!~plain@*");
        Assert.Equal("* you lifted the server ban on *!~plain@*", await root.NextAsync());
        await root.SendAsync("/unban *!~plain@*");
        Assert.Equal("! no server ban on *!~plain@*; /bans lists them", await root.NextAsync());
        await using var welcomeBack = await server.ConnectAsync();
    }
}
