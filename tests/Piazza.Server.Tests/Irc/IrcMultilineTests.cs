using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>draft/multiline: one message of several lines (https://ircv3.net/specs/extensions/multiline).</summary>
[Trait("Category", "Slow")]
public sealed class IrcMultilineTests
{
    private static readonly string[] MultilineCaps = ["message-tags", "batch", "echo-message", "server-time", "labeled-response", "draft/multiline"];
    private static readonly string[] BaseCaps = ["message-tags", "batch", "echo-message", "server-time", "labeled-response"];

    [Fact]
    public async Task Cap_ls_302_gives_the_limits()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("CAP LS 302");

        var ls = await client.ExpectAsync("CAP");

        Assert.Contains("draft/multiline=max-bytes=4096,max-lines=32", ls.Last.Split(' '));
    }

    [Fact]
    public async Task A_batch_arrives_as_a_batch_with_the_cap_as_lines_without_and_as_lines_to_plain_users()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", MultilineCaps);
        var bob = await server.ConnectIrcAsync("bob", MultilineCaps);
        var charlie = await server.ConnectIrcAsync("charlie", BaseCaps);
        await IrcClient.JoinAllAsync("#lobby", alice, bob, charlie);
        await using var plain = await server.ConnectAsync("dana");
        foreach (var client in new[] { alice, bob, charlie })
        {
            await client.ExpectAsync(l => l.Is("NICK") && l[0] == "dana");
        }

        await alice.SendAsync("@label=xyz BATCH +123 draft/multiline #lobby");
        await alice.SendAsync("@batch=123 PRIVMSG #lobby hello");
        await alice.SendAsync("@batch=123 PRIVMSG #lobby :");
        await alice.SendAsync("@batch=123 PRIVMSG #lobby :#how is ");
        await alice.SendAsync("@batch=123;draft/multiline-concat PRIVMSG #lobby :everyone?");
        await alice.SendAsync("BATCH -123");

        var echo = await alice.ReadUntilAsync(l => l.Is("BATCH") && l[0].StartsWith('-'));
        Assert.Equal("BATCH", echo[0].Command);
        Assert.Equal("xyz", echo[0].Tags["label"]);
        Assert.Equal(["draft/multiline", "#lobby"], echo[0].Parameters.Skip(1));
        var msgid = echo[0].Tags["msgid"];
        Assert.Equal(["hello", "", "#how is ", "everyone?"], echo.Skip(1).SkipLast(1).Select(l => l.Last));
        Assert.DoesNotContain(echo, l => l.Is("ACK"));

        var relay = await bob.ReadUntilAsync(l => l.Is("BATCH") && l[0].StartsWith('-'));
        var reference = relay[0][0][1..];
        Assert.Equal(("alice", msgid, "-" + reference), (relay[0].SourceNick, relay[0].Tags["msgid"], relay[^1][0]));
        var lines = relay.Skip(1).SkipLast(1).ToList();
        Assert.Equal(["hello", "", "#how is ", "everyone?"], lines.Select(l => l.Last));
        Assert.All(lines, l => Assert.Equal((reference, "#lobby", false), (l.Tags["batch"], l[0], l.Tags.ContainsKey("msgid"))));
        Assert.Equal([false, false, false, true], lines.Select(l => l.Tags.ContainsKey("draft/multiline-concat")));

        var fallback = new[] { await charlie.ExpectAsync("PRIVMSG"), await charlie.ExpectAsync("PRIVMSG"), await charlie.ExpectAsync("PRIVMSG") };
        Assert.Equal(["hello", "#how is ", "everyone?"], fallback.Select(l => l.Last));
        Assert.Equal([msgid, null, null], fallback.Select(l => l.Tags.GetValueOrDefault("msgid")));
        Assert.All(fallback, l => Assert.Equal(relay[0].Tags["time"], l.Tags["time"]));
        Assert.DoesNotContain(await charlie.SyncAsync(), l => l.Is("PRIVMSG") || l.Is("BATCH"));

        Assert.Equal("[alice] hello", await plain.NextAsync());
        Assert.Equal("[alice] #how is everyone?", await plain.NextAsync());
    }

    [Fact]
    public async Task A_private_batch_to_nobody_gets_its_labelled_401()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", MultilineCaps);

        await alice.SendAsync("@label=nb BATCH +p draft/multiline nobody");
        await alice.SendAsync("@batch=p PRIVMSG nobody :one");
        await alice.SendAsync("BATCH -p");

        var error = await alice.NextAsync();
        Assert.True(error.Is("401"), error.ToString());
        Assert.Equal(("nb", "nobody"), (error.Tags["label"], error[1]));
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task A_private_batch_reaches_the_nick_and_history_replays_a_channel_batch_line_by_line()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", [.. MultilineCaps, "draft/chathistory"]);
        var bob = await server.ConnectIrcAsync("bob", BaseCaps);
        await alice.JoinAsync("#dev");

        await alice.SendAsync("BATCH +p draft/multiline bob");
        await alice.SendAsync("@batch=p PRIVMSG bob :one");
        await alice.SendAsync("@batch=p PRIVMSG bob :two");
        await alice.SendAsync("BATCH -p");
        Assert.Equal(["one", "two"], new[] { (await bob.ExpectAsync("PRIVMSG")).Last, (await bob.ExpectAsync("PRIVMSG")).Last });
        var privateEcho = await alice.ReadUntilAsync(l => l.Is("BATCH") && l[0].StartsWith('-'));
        Assert.Equal(["bob", "bob"], privateEcho.Where(l => l.Is("PRIVMSG")).Select(l => l[0]));

        await alice.SendAsync("BATCH +c draft/multiline #dev");
        await alice.SendAsync("@batch=c PRIVMSG #dev :first");
        await alice.SendAsync("@batch=c PRIVMSG #dev :second");
        await alice.SendAsync("BATCH -c");
        var echo = await alice.ReadUntilAsync(l => l.Is("BATCH") && l[0].StartsWith('-'));
        Assert.Equal(["BATCH", "PRIVMSG", "PRIVMSG", "BATCH"], echo.Select(l => l.Command));
        var msgid = echo[0].Tags["msgid"];
        await server.History!.FlushAsync().WaitAsync(TestServer.Timeout);

        await alice.SendAsync("CHATHISTORY LATEST #dev * 10");
        var start = await alice.ExpectAsync(l => l.Is("BATCH") && l[1] == "chathistory");
        var history = await alice.ReadUntilAsync(l => l.Is("BATCH") && l[0] == "-" + start[0][1..]);
        var messages = history.Where(l => l.Is("PRIVMSG")).ToList();
        Assert.Equal(["first", "second"], messages.Select(l => l.Last));
        Assert.Equal([msgid, null], messages.Select(l => l.Tags.GetValueOrDefault("msgid")));
    }

    [Fact]
    public async Task Over_the_line_or_byte_limit_the_batch_fails_once_and_nothing_is_sent()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", MultilineCaps);
        var bob = await server.ConnectIrcAsync("bob", MultilineCaps);
        await IrcClient.JoinAllAsync("#dev", alice, bob);

        await alice.SendAsync("BATCH +lines draft/multiline #dev");
        for (var i = 0; i < 34; i++)
        {
            await alice.SendAsync("@batch=lines PRIVMSG #dev hi");
        }

        await alice.SendAsync("BATCH -lines");
        Assert.Equal(["BATCH", "MULTILINE_MAX_LINES", "32"], (await alice.NextAsync()).Parameters.Take(3));

        await alice.SendAsync("BATCH +bytes draft/multiline #dev");
        for (var i = 0; i < 11; i++)
        {
            await alice.SendAsync("@batch=bytes PRIVMSG #dev " + new string('x', 400));
        }

        await alice.SendAsync("BATCH -bytes");
        Assert.Equal(["BATCH", "MULTILINE_MAX_BYTES", "4096"], (await alice.NextAsync()).Parameters.Take(3));

        // Nothing went out, and the connection still works: a good batch after passes.
        await alice.SendAsync("BATCH +ok draft/multiline #dev");
        await alice.SendAsync("@batch=ok PRIVMSG #dev :fine");
        await alice.SendAsync("BATCH -ok");
        Assert.Equal("BATCH", (await alice.NextAsync()).Command);
        Assert.Equal("fine", (await bob.ExpectAsync("PRIVMSG")).Last);
        Assert.DoesNotContain(bob.Skipped, l => l.Is("PRIVMSG"));
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("FAIL"));
    }

    [Theory]
    [InlineData("BATCH +1 draft/multiline #dev|@batch=2 PRIVMSG #dev :hi")]
    [InlineData("BATCH +1 draft/multiline #dev|@batch=1 PRIVMSG #dev :hi|@batch=1;draft/multiline-concat PRIVMSG #dev :|BATCH -1")]
    [InlineData("BATCH +1 draft/multiline #dev|@batch=1 PRIVMSG #dev :hi|@batch=1 PRIVMSG #other :hi|BATCH -1")]
    [InlineData("BATCH +1 draft/multiline #dev|@batch=1 PRIVMSG #dev :hi|@batch=1 NOTICE #dev :hi|BATCH -1")]
    [InlineData("BATCH +1 draft/multiline #dev|@batch=1 PRIVMSG #dev :|BATCH -1")]
    [InlineData("BATCH +1 draft/multiline #dev|BATCH +2 draft/multiline #dev")]
    [InlineData("BATCH -nothing")]
    [InlineData("BATCH nosign")]
    [InlineData("BATCH +1 other-type #dev")]
    [InlineData("@batch=never PRIVMSG #dev :hi")]
    public async Task A_malformed_batch_fails_with_multiline_invalid_and_nothing_is_sent(string sent)
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", MultilineCaps);
        var bob = await server.ConnectIrcAsync("bob", MultilineCaps);
        await IrcClient.JoinAllAsync("#dev", alice, bob);

        foreach (var line in sent.Split('|'))
        {
            await alice.SendAsync(line);
        }

        Assert.Equal(["BATCH", "MULTILINE_INVALID"], (await alice.NextAsync()).Parameters.Take(2));
        Assert.Empty(await bob.SyncAsync());
    }

    [Fact]
    public async Task Without_the_cap_a_batch_is_refused()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", BaseCaps);
        await alice.JoinAsync("#dev");

        await alice.SendAsync("BATCH +1 draft/multiline #dev");

        Assert.Equal(["BATCH", "MULTILINE_INVALID"], (await alice.NextAsync()).Parameters.Take(2));
    }

    [Fact]
    public async Task A_batch_to_a_channel_one_may_not_speak_in_gets_404_like_privmsg()
    {
        await using var server = await TestServer.StartAsync();
        var op = await server.ConnectIrcAsync("op", MultilineCaps);
        await op.JoinAsync("#dev");
        var alice = await server.ConnectIrcAsync("alice", MultilineCaps);

        await alice.SendAsync("BATCH +1 draft/multiline #dev");
        await alice.SendAsync("@batch=1 PRIVMSG #dev :from outside");
        await alice.SendAsync("BATCH -1");

        Assert.Equal(["alice", "#dev", "Cannot send to channel"], (await alice.ExpectAsync("404", allowErrors: true)).Parameters);
        Assert.Empty(await op.SyncAsync());
    }
}
