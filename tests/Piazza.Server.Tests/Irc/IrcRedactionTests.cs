using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>REDACT: deleting a message (https://ircv3.net/specs/extensions/message-redaction).</summary>
[Trait("Category", "Slow")]
public sealed class IrcRedactionTests
{
    private static readonly string[] RedactCaps = ["message-tags", "echo-message", "batch", "draft/chathistory", "draft/message-redaction"];

    [Fact]
    public async Task The_sender_redacts_its_message_everyone_with_the_cap_is_told_and_history_forgets_it()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", RedactCaps);
        var bob = await server.ConnectIrcAsync("bob", RedactCaps);
        var bare = await server.ConnectIrcAsync("bare", "message-tags");
        await IrcClient.JoinAllAsync("#dev", alice, bob, bare);
        var keep = await SayAsync(alice, "#dev", "keep me");
        var gone = await SayAsync(alice, "#dev", "oops");
        await bob.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == "oops");

        await alice.SendAsync($"REDACT #dev {gone}");

        var toBob = await bob.ExpectAsync("REDACT");
        Assert.Equal("alice!~aliceu@127.0.0.1", toBob.Source);
        Assert.Equal(["#dev", gone], toBob.Parameters);
        var echo = await alice.ExpectAsync("REDACT");
        Assert.Equal(toBob.Parameters, echo.Parameters);
        Assert.DoesNotContain(await bare.SyncAsync(), l => l.Is("REDACT"));
        Assert.DoesNotContain(alice.Skipped, l => l.Is("FAIL"));

        Assert.Equal(["keep me"], await HistoryAsync(bob, "LATEST #dev * 10"));
        Assert.Equal([keep], await HistoryIdsAsync(bob, "LATEST #dev * 10"));
    }

    [Fact]
    public async Task A_reason_is_relayed_and_a_redacted_message_is_not_replayed_on_join()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await using var tagged = await server.ConnectIrcAsync("tagged", RedactCaps);
        await tagged.JoinAsync("#dev");
        await alice.SendAsync("CAP REQ :message-tags echo-message draft/message-redaction");
        await alice.ExpectAsync("CAP");
        var gone = await SayAsync(alice, "#dev", "wrong channel, sorry");
        await tagged.ExpectAsync("PRIVMSG");

        await alice.SendAsync($"REDACT #dev {gone} :wrong channel");

        Assert.Equal(["#dev", gone, "wrong channel"], (await tagged.ExpectAsync("REDACT")).Parameters);
        Assert.Equal(["#dev", gone, "wrong channel"], (await alice.ExpectAsync("REDACT")).Parameters);
        await using var late = await server.ConnectIrcAsync("late");
        var joined = await late.JoinAsync("#dev");
        Assert.DoesNotContain(joined, l => l.Is("PRIVMSG"));
        Assert.DoesNotContain(await late.SyncAsync(), l => l.Is("PRIVMSG"));
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.Is("REDACT"));
    }

    [Fact]
    public async Task A_channel_operator_redacts_anyone_and_a_member_only_its_own()
    {
        await using var server = await TestServer.StartAsync();
        var op = await server.ConnectIrcAsync("op", RedactCaps);
        var carol = await server.ConnectIrcAsync("carol", RedactCaps);
        await IrcClient.JoinAllAsync("#dev", op, carol);
        var opSaid = await SayAsync(op, "#dev", "rules");
        await carol.ExpectAsync("PRIVMSG");
        var carolSaid = await SayAsync(carol, "#dev", "spam");
        await op.ExpectAsync("PRIVMSG");

        await carol.SendAsync($"REDACT #dev {opSaid} :no");
        var refused = await carol.ExpectAsync("FAIL");
        Assert.Equal(["REDACT", "REDACT_FORBIDDEN", "#dev", opSaid], refused.Parameters.Take(4));

        await op.SendAsync($"REDACT #dev {carolSaid} :spam");
        Assert.Equal(["#dev", carolSaid, "spam"], (await carol.ExpectAsync("REDACT")).Parameters);
        Assert.Equal(["#dev", carolSaid, "spam"], (await op.ExpectAsync("REDACT")).Parameters);

        // Gone: a second redaction of it finds nothing.
        await op.SendAsync($"REDACT #dev {carolSaid}");
        Assert.Equal(["REDACT", "UNKNOWN_MSGID", "#dev", carolSaid], (await op.ExpectAsync("FAIL")).Parameters.Take(4));
        Assert.Equal(["rules"], await HistoryAsync(op, "LATEST #dev * 10"));
    }

    [Fact]
    public async Task Unknown_ids_other_channels_ids_and_channels_one_is_not_in_fail_with_the_spec_codes()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", RedactCaps);
        var bob = await server.ConnectIrcAsync("bob", RedactCaps);
        await alice.JoinAsync("#a");
        await bob.JoinAsync("#b");
        var inA = await SayAsync(alice, "#a", "in a");

        await alice.SendAsync("REDACT #nowhere somemsgid");
        Assert.Equal(["REDACT", "INVALID_TARGET", "#nowhere"], (await alice.ExpectAsync("FAIL")).Parameters.Take(3));
        await alice.SendAsync("REDACT #a nosuchid");
        Assert.Equal(["REDACT", "UNKNOWN_MSGID", "#a", "nosuchid"], (await alice.ExpectAsync("FAIL")).Parameters.Take(4));
        await alice.SendAsync($"REDACT #b {inA}");
        Assert.Equal(["REDACT", "INVALID_TARGET", "#b"], (await alice.ExpectAsync("FAIL")).Parameters.Take(3));
        await alice.JoinAsync("#b");
        await alice.SendAsync($"REDACT #b {inA}");
        Assert.Equal(["REDACT", "UNKNOWN_MSGID", "#b", inA], (await alice.ExpectAsync("FAIL")).Parameters.Take(4));
        await alice.SendAsync("REDACT #a");
        Assert.Equal(["alice", "REDACT", "Not enough parameters"], (await alice.ExpectAsync("461", allowErrors: true)).Parameters);
        await alice.SendAsync("REDACT nobody someid");
        Assert.Equal(["REDACT", "INVALID_TARGET", "nobody"], (await alice.ExpectAsync("FAIL")).Parameters.Take(3));

        // Still in history after all that.
        Assert.Equal(["in a"], await HistoryAsync(alice, "LATEST #a * 10"));
    }

    [Fact]
    public async Task A_private_message_is_redacted_by_its_sender_only_and_the_recipient_is_told()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", RedactCaps);
        var bob = await server.ConnectIrcAsync("bob", RedactCaps);
        await alice.SendAsync("PRIVMSG bob :Private message");
        var id = (await alice.ExpectAsync("PRIVMSG")).Tags["msgid"];
        Assert.Equal(id, (await bob.ExpectAsync("PRIVMSG")).Tags["msgid"]);

        await bob.SendAsync($"REDACT alice {id}");
        Assert.Equal(["REDACT", "UNKNOWN_MSGID", "alice", id], (await bob.ExpectAsync("FAIL")).Parameters.Take(4));

        await alice.SendAsync($"REDACT bob {id}");
        var told = await bob.ExpectAsync("REDACT");
        Assert.Equal("alice", told.SourceNick);
        Assert.Equal(["bob", id], told.Parameters);
        Assert.Equal(["bob", id], (await alice.ExpectAsync("REDACT")).Parameters);
    }

    [Fact]
    public async Task A_later_holder_of_the_nick_may_not_redact_the_earlier_ones_messages()
    {
        await using var server = await TestServer.StartAsync();
        var op = await server.ConnectIrcAsync("op", RedactCaps);
        var first = await server.ConnectIrcAsync("alice", RedactCaps);
        await IrcClient.JoinAllAsync("#dev", op, first);
        var said = await SayAsync(first, "#dev", "mine");
        await first.SendAsync("QUIT :bye");
        await first.WaitClosedAsync();
        await op.ExpectAsync("QUIT");

        await using var second = await server.ConnectIrcAsync("alice", RedactCaps);
        await second.JoinAsync("#dev");
        await second.SendAsync($"REDACT #dev {said}");

        Assert.Equal(["REDACT", "REDACT_FORBIDDEN", "#dev", said], (await second.ExpectAsync("FAIL")).Parameters.Take(4));
    }

    [Fact]
    public async Task An_operator_redacts_a_message_from_before_a_restart()
    {
        var data = TestServer.NewDataDirectory();
        var first = await TestServer.StartInAsync(data);
        var author = await first.ConnectIrcAsync("alice", RedactCaps);
        await author.JoinAsync("#dev");
        var said = await SayAsync(author, "#dev", "before");
        await first.History!.FlushAsync().WaitAsync(TestServer.Timeout);
        await author.DisposeAsync();
        await first.StopAsync();

        await using (var server = await TestServer.StartInAsync(data))
        {
            var op = await server.ConnectIrcAsync("op", RedactCaps);
            var alice = await server.ConnectIrcAsync("alice", RedactCaps);
            await IrcClient.JoinAllAsync("#dev", op, alice);
            Assert.Equal(["before"], await HistoryAsync(op, "LATEST #dev * 10"));

            await alice.SendAsync($"REDACT #dev {said}");
            Assert.Equal(["REDACT", "REDACT_FORBIDDEN", "#dev", said], (await alice.ExpectAsync("FAIL")).Parameters.Take(4));
            await op.SendAsync($"REDACT #dev {said}");
            Assert.Equal(["#dev", said], (await alice.ExpectAsync("REDACT")).Parameters);
            Assert.Empty(await HistoryAsync(op, "LATEST #dev * 10"));
        }
    }

    [Fact]
    public async Task Plain_clients_are_not_shown_a_redaction()
    {
        await using var server = await TestServer.StartAsync();
        await using var bob = await server.ConnectAsync("bob");
        await using var dana = await server.ConnectIrcAsync("dana", RedactCaps);
        await dana.JoinAsync("#lobby");
        await bob.ExpectAsync(l => l.Contains("dana joined lobby", StringComparison.Ordinal));
        var said = await SayAsync(dana, "#lobby", "typo");
        Assert.Equal("[dana] typo", await bob.NextAsync());

        await dana.SendAsync($"REDACT #lobby {said}");
        await dana.ExpectAsync("REDACT");
        await dana.SendAsync("PRIVMSG #lobby :after");

        Assert.Equal("[dana] after", await bob.NextAsync());
    }

    private static async Task<string> SayAsync(IrcClient client, string channel, string text)
    {
        await client.SendAsync($"PRIVMSG {channel} :{text}");
        return (await client.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == text)).Tags["msgid"];
    }

    private static async Task<List<IrcLine>> HistoryLinesAsync(IrcClient client, string request)
    {
        await client.SendAsync("CHATHISTORY " + request);
        var start = await client.ExpectAsync(l => l.Is("BATCH") && l[0].StartsWith('+') && l[1] == "chathistory");
        var reference = start[0][1..];
        var lines = await client.ReadUntilAsync(l => l.Is("BATCH") && l[0] == "-" + reference);
        return [.. lines.Where(l => l.Is("PRIVMSG"))];
    }

    private static async Task<List<string>> HistoryAsync(IrcClient client, string request) =>
        [.. (await HistoryLinesAsync(client, request)).Select(l => l.Last)];

    private static async Task<List<string>> HistoryIdsAsync(IrcClient client, string request) =>
        [.. (await HistoryLinesAsync(client, request)).Select(l => l.Tags["msgid"])];
}
