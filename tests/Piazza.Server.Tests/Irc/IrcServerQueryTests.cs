using Piazza.Server.Irc;
using Piazza.Server.Plain;
using Piazza.Server.Tests.Operators;
using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>HELP/HELPOP, INFO, LINKS and STATS u and m, end to end (https://modern.ircdocs.horse/#help-message and neighbours).</summary>
[Trait("Category", "Slow")]
public sealed class IrcServerQueryTests
{
    [Theory]
    [InlineData("HELP")]
    [InlineData("HELPOP")]
    public async Task Help_about_a_command_is_704_705_706_with_the_plain_help_s_text(string command)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync(command + " nick");
        var help = await alice.SyncAsync();

        Assert.Equal(["704", "705", "706"], help.Select(l => l.Command));
        Assert.Equal(["alice", "NICK", "NICK nick"], help[0].Parameters);
        var plain = PlainCommandTable.All.Single(e => e.Name == "/nick");
        Assert.Equal(["alice", "NICK", plain.Description], help[1].Parameters);
        Assert.Equal(["alice", "NICK", "End of /HELP"], help[2].Parameters);
    }

    [Fact]
    public async Task Help_alone_lists_every_topic_and_an_unknown_one_is_524()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("HELP");
        var help = await alice.SyncAsync();
        Assert.Equal("704", help[0].Command);
        Assert.Equal("*", help[0][1]);
        Assert.Equal(["alice", "*", "End of /HELP"], help[^1].Parameters);
        var listed = help.Where(l => l.Is("705")).SelectMany(l => l.Last.Split(' ')).ToList();
        Assert.Equal(IrcHelpTable.All.Select(t => t.Name), listed);

        await alice.SendAsync("HELP THISISNOTACOMMAND");
        var unknown = await alice.ReadUntilAsync(l => l.Is("524"));
        Assert.Equal(["alice", "THISISNOTACOMMAND", "No help available on this topic"], unknown[^1].Parameters);
        await alice.SendAsync("HELP " + new string('x', 400));
        Assert.Equal(["alice", "*", "No help available on this topic"], Assert.Single(await alice.SyncAsync()).Parameters);
        await alice.SendAsync("HELP :two words");
        Assert.Equal(["alice", "*", "No help available on this topic"], Assert.Single(await alice.SyncAsync()).Parameters);
    }

    [Fact]
    public async Task Info_is_371s_then_374_and_another_server_is_402()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("INFO");
        var info = await alice.SyncAsync();
        Assert.True(info.Count >= 2);
        Assert.All(info[..^1], l => Assert.Equal("371", l.Command));
        Assert.Equal(["alice", "End of /INFO list"], info[^1].Parameters);

        await alice.SendAsync("INFO piazza.local");
        Assert.Equal("374", (await alice.SyncAsync())[^1].Command);
        await alice.SendAsync("INFO other.example.org");
        var other = await alice.ReadUntilAsync(l => l.Is("402"));
        Assert.Equal(["alice", "other.example.org", "No such server"], Assert.Single(other).Parameters);
    }

    [Fact]
    public async Task Links_names_this_server_alone()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("LINKS");
        var links = await alice.SyncAsync();

        Assert.Equal(["364", "365"], links.Select(l => l.Command));
        Assert.Equal(["alice", "piazza.local", "piazza.local", "0 Piazza chat server"], links[0].Parameters);
        Assert.Equal(["alice", "*", "End of /LINKS list"], links[1].Parameters);
    }

    [Fact]
    public async Task Links_and_info_say_the_configured_server_description()
    {
        await using var server = await TestServer.StartAsync("Irc:ServerDescription=Our own chat");
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("LINKS");
        Assert.Equal(["alice", "piazza.local", "piazza.local", "0 Our own chat"], (await alice.SyncAsync())[0].Parameters);
        await alice.SendAsync("INFO");
        Assert.EndsWith(": Our own chat", (await alice.SyncAsync())[0].Last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_u_is_the_uptime_and_every_letter_ends_with_219()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("STATS u");
        var uptime = await alice.SyncAsync();
        Assert.Equal(["242", "219"], uptime.Select(l => l.Command));
        Assert.Matches(@"^Server Up \d+ days \d\d:\d\d:\d\d$", uptime[0].Last);
        Assert.Equal(["alice", "u", "End of /STATS report"], uptime[1].Parameters);

        await alice.SendAsync("STATS q");
        Assert.Equal(["alice", "q", "End of /STATS report"], Assert.Single(await alice.SyncAsync()).Parameters);
        await alice.SendAsync("STATS " + new string('u', 300));
        Assert.Equal(["alice", "*", "End of /STATS report"], Assert.Single(await alice.SyncAsync()).Parameters);
        await alice.SendAsync("STATS k");
        Assert.Equal(["481"], (await alice.SyncAsync()).Select(l => l.Command));
        await alice.SendAsync("STATS");
        Assert.Equal("461", (await alice.ReadUntilAsync(l => l.Is("461")))[^1].Command);
    }

    [Fact]
    public async Task Stats_m_counts_each_command_run_for_operators_only()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await bob.SendAsync("PRIVMSG #dev :one");
        await bob.SendAsync("PRIVMSG #dev :two");
        Assert.Equal("one", (await alice.ExpectAsync("PRIVMSG")).Last);
        Assert.Equal("two", (await alice.ExpectAsync("PRIVMSG")).Last);
        await bob.SendAsync("FROBNICATE x");
        await bob.ExpectAsync("421");
        await bob.SendAsync("KICK #dev");
        await bob.ExpectAsync("461");

        await bob.SendAsync("STATS m");
        Assert.Equal(["481"], (await bob.SyncAsync()).Select(l => l.Command));

        await alice.SendAsync($"OPER {OperatorAccounts.Name} :{OperatorAccounts.Password}");
        await alice.ExpectAsync("381");
        await alice.SendAsync("STATS m");
        var stats = await alice.ReadUntilAsync(l => l.Is("219"));
        Assert.All(stats[..^1], l => Assert.Equal("212", l.Command));
        var counts = stats[..^1].ToDictionary(l => l[1], l => long.Parse(l[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, counts["PRIVMSG"]);
        Assert.Equal(1, counts["OPER"]);
        Assert.Equal(2, counts["STATS"]);
        Assert.Equal(2, counts["JOIN"]);
        Assert.Equal(2, counts["USER"]);
        Assert.False(counts.ContainsKey("FROBNICATE"), "an unknown command is not counted");
        Assert.False(counts.ContainsKey("KICK"), "a command refused for missing parameters is not counted");
        Assert.Equal(counts.Keys.Order(StringComparer.Ordinal), counts.Keys);
        Assert.Equal(["alice", "m", "End of /STATS report"], stats[^1].Parameters);
    }
}
