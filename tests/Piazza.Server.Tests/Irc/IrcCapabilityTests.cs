using System.Globalization;

using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>IRCv3: server-time, message-tags, echo-message, labeled-response with batch, extended-join, standard-replies.</summary>
[Trait("Category", "Slow")]
public sealed class IrcCapabilityTests
{
    [Fact]
    public async Task Server_time_adds_a_time_tag_and_message_tags_adds_a_msgid_shared_by_every_receiver()
    {
        await using var server = await TestServer.StartAsync();
        await using var sender = await server.ConnectIrcAsync("sender");
        await using var timeOnly = await server.ConnectIrcAsync("timeonly", "server-time");
        await using var tagged = await server.ConnectIrcAsync("tagged", "message-tags");
        await using var bare = await server.ConnectIrcAsync("bare");
        await IrcClient.JoinAllAsync("#dev", sender, timeOnly, tagged, bare);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        await sender.SendAsync("PRIVMSG #dev :first");
        await sender.SendAsync("PRIVMSG #dev :second");

        var timed = await timeOnly.ExpectAsync("PRIVMSG");
        Assert.Equal(["time"], timed.Tags.Keys);
        var time = DateTimeOffset.ParseExact(timed.Tags["time"], "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(time, before, DateTimeOffset.UtcNow.AddSeconds(5));
        var first = await tagged.ExpectAsync("PRIVMSG");
        var second = await tagged.ExpectAsync("PRIVMSG");
        Assert.Equal(timed.Tags["time"], first.Tags["time"]);
        Assert.NotEqual(first.Tags["msgid"], second.Tags["msgid"]);
        Assert.Matches("^[A-Za-z0-9]+$", first.Tags["msgid"]);
        Assert.Empty((await bare.ExpectAsync("PRIVMSG")).Tags);
    }

    [Fact]
    public async Task Echo_message_returns_the_senders_message_with_the_msgid_the_others_got()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "echo-message", "message-tags");
        await using var bob = await server.ConnectIrcAsync("bob", "message-tags");
        await IrcClient.JoinAllAsync("#dev", alice, bob);

        await alice.SendAsync("PRIVMSG #dev :echo me");
        await alice.SendAsync("PRIVMSG bob :echo private");

        var echoed = await alice.NextAsync();
        Assert.Equal(":alice!~aliceu@127.0.0.1 PRIVMSG #dev :echo me", echoed.Raw[(echoed.Raw.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(echoed.Tags["msgid"], (await bob.NextAsync()).Tags["msgid"]);
        Assert.Equal("bob", (await alice.NextAsync())[0]);
        Assert.Equal("echo private", (await bob.NextAsync()).Last);
    }

    [Fact]
    public async Task Labeled_response_acks_a_command_without_reply_labels_a_single_reply_and_batches_several()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "labeled-response", "batch");
        await alice.JoinAsync("#dev");

        await alice.SendAsync("@label=none PONG :whatever");
        var ack = await alice.NextAsync();
        Assert.Equal(("ACK", "none"), (ack.Command, ack.Tags["label"]));

        await alice.SendAsync("@label=one PING :token");
        var pong = await alice.NextAsync();
        Assert.Equal(("PONG", "one", "token"), (pong.Command, pong.Tags["label"], pong.Last));

        await alice.SendAsync("@label=many WHOIS alice");
        var start = await alice.NextAsync();
        Assert.Equal("BATCH", start.Command);
        Assert.Equal("many", start.Tags["label"]);
        Assert.Equal("labeled-response", start[1]);
        var reference = start[0][1..];
        Assert.Equal('+', start[0][0]);
        var batch = await alice.ReadUntilAsync(l => l.Is("BATCH"));
        Assert.Equal("-" + reference, batch[^1][0]);
        Assert.Equal(["311", "319", "312", "317", "318"], batch[..^1].Select(l => l.Command));
        Assert.All(batch[..^1], l => Assert.Equal(reference, l.Tags["batch"]));
        Assert.All(batch, l => Assert.False(l.Tags.ContainsKey("label")));
    }

    [Fact]
    public async Task Labeled_echo_carries_the_label_with_echo_message()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "labeled-response", "batch", "echo-message");
        await using var bob = await server.ConnectIrcAsync("bob");
        await IrcClient.JoinAllAsync("#dev", alice, bob);

        await alice.SendAsync("@label=say PRIVMSG #dev :labeled");

        var echo = await alice.NextAsync();
        Assert.Equal(("PRIVMSG", "say", "labeled"), (echo.Command, echo.Tags["label"], echo.Last));
        Assert.Equal(":alice!~aliceu@127.0.0.1 PRIVMSG #dev :labeled", (await bob.ExpectAsync("PRIVMSG")).Raw);
    }

    [Fact]
    public async Task Extended_join_tells_the_account_and_real_name()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "extended-join");
        await using var bob = await server.ConnectIrcAsync("bob");

        var own = await alice.JoinAsync("#dev");
        Assert.Equal(":alice!~aliceu@127.0.0.1 JOIN #dev * :alice Real", own[0].Raw);
        await bob.JoinAsync("#dev");
        Assert.Equal(":bob!~bobu@127.0.0.1 JOIN #dev * :bob Real", (await alice.ExpectAsync("JOIN")).Raw);
    }

    [Fact]
    public async Task Invalid_utf8_in_privmsg_gets_a_standard_fail_and_is_not_relayed()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "standard-replies");
        await using var bob = await server.ConnectIrcAsync("bob");
        await IrcClient.JoinAllAsync("#dev", alice, bob);

        await alice.SendRawAsync([.. "PRIVMSG #dev :bad "u8, 0xC3, 0x28, .. " bytes\r\n"u8]);

        var fail = await alice.NextAsync();
        Assert.Equal(["FAIL", "PRIVMSG", "INVALID_UTF8"], [fail.Command, fail[0], fail[1]]);
        await alice.SendAsync("PRIVMSG #dev :good bytes");
        var relayed = await bob.ExpectAsync("PRIVMSG");
        Assert.Equal("good bytes", relayed.Last);
        Assert.DoesNotContain(bob.Skipped, l => l.Is("PRIVMSG"));
    }

    /// <summary>With UTF8ONLY advertised the FAIL is sent without standard-replies too (https://ircv3.net/specs/extensions/utf8-only); it used to be a NOTICE.</summary>
    [Fact]
    public async Task Invalid_utf8_without_standard_replies_gets_fail_all_the_same()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendRawAsync([.. "PRIVMSG alice :"u8, 0xFF, .. "\r\n"u8]);

        var fail = await alice.NextAsync();
        Assert.Equal(["FAIL", "PRIVMSG", "INVALID_UTF8"], [fail.Command, fail[0], fail[1]]);
        Assert.Contains("UTF-8", fail.Last, StringComparison.Ordinal);
        Assert.Empty(await alice.SyncAsync());
    }
}
