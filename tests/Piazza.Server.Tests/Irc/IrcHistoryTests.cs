using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>History for IRC clients: draft/chathistory, and a replay on JOIN for those without it.</summary>
[Trait("Category", "Slow")]
public sealed class IrcHistoryTests
{
    [Fact]
    public async Task Chathistory_latest_before_after_and_between_come_in_a_batch_with_time_and_msgid()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await IrcClient.ConnectAsync(server.IrcEndPoint, "alice", "message-tags", "echo-message", "batch", "draft/chathistory");
        await alice.JoinAsync("#dev");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await alice.SendAsync($"PRIVMSG #dev :m{i}");
            ids.Add((await alice.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == $"m{i}")).Tags["msgid"]);
        }

        await server.History!.FlushAsync().WaitAsync(TestServer.Timeout);

        Assert.Equal(["m3", "m4"], await HistoryAsync(alice, "LATEST #dev * 2"));
        Assert.Equal(["m0", "m1"], await HistoryAsync(alice, $"BEFORE #dev msgid={ids[2]} 10"));
        Assert.Equal(["m3", "m4"], await HistoryAsync(alice, $"AFTER #dev msgid={ids[2]} 10"));
        Assert.Equal(["m2", "m3"], await HistoryAsync(alice, $"BETWEEN #dev msgid={ids[1]} msgid={ids[4]} 10"));
        Assert.Equal(["m4"], await HistoryAsync(alice, $"LATEST #dev msgid={ids[3]} 10"));
    }

    /// <summary>
    /// BETWEEN may name the later point first: the limit then counts back from it, and the batch
    /// is still oldest first ("ascending time order ... regardless of the subcommand used").
    /// </summary>
    [Fact]
    public async Task Chathistory_between_with_the_later_point_first_counts_back_from_it_and_answers_oldest_first()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await IrcClient.ConnectAsync(server.IrcEndPoint, "alice", "message-tags", "echo-message", "batch", "draft/chathistory");
        await alice.JoinAsync("#dev");
        var ids = await SayAsync(alice, "#dev", 6);
        await server.History!.FlushAsync().WaitAsync(TestServer.Timeout);

        Assert.Equal(["m1", "m2", "m3", "m4"], await HistoryAsync(alice, $"BETWEEN #dev msgid={ids[5]} msgid={ids[0]} 10"));
        Assert.Equal(["m3", "m4"], await HistoryAsync(alice, $"BETWEEN #dev msgid={ids[5]} msgid={ids[0]} 2"));
        Assert.Equal(["m1", "m2"], await HistoryAsync(alice, $"BETWEEN #dev msgid={ids[0]} msgid={ids[5]} 2"));
        Assert.Equal(["m3", "m4", "m5"], await HistoryAsync(alice, "BETWEEN #dev timestamp=2999-01-01T00:00:00.000Z timestamp=2000-01-01T00:00:00.000Z 3"));
        Assert.Equal(["m0", "m1", "m2"], await HistoryAsync(alice, "BETWEEN #dev timestamp=2000-01-01T00:00:00.000Z timestamp=2999-01-01T00:00:00.000Z 3"));
        Assert.Equal(["m4", "m5"], await HistoryAsync(alice, $"BETWEEN #dev timestamp=2999-01-01T00:00:00.000Z msgid={ids[2]} 2"));
        Assert.Empty(await HistoryAsync(alice, $"BETWEEN #dev msgid={ids[3]} msgid={ids[2]} 10"));

        // LATEST after a point is BETWEEN counting back from the end: the newest ones after it.
        Assert.Equal(["m4", "m5"], await HistoryAsync(alice, $"LATEST #dev msgid={ids[1]} 2"));
    }

    /// <summary>A msgid that is none of the channel's messages is refused, whichever subcommand names it.</summary>
    [Fact]
    public async Task Chathistory_with_a_msgid_the_channel_does_not_have_fails_with_invalid_msgreftoken()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await IrcClient.ConnectAsync(server.IrcEndPoint, "alice", "message-tags", "echo-message", "batch", "draft/chathistory", "standard-replies");
        await alice.JoinAsync("#dev");
        await alice.JoinAsync("#ops");
        var dev = await SayAsync(alice, "#dev", 3);
        var ops = await SayAsync(alice, "#ops", 1);
        await server.History!.FlushAsync().WaitAsync(TestServer.Timeout);

        string[] requests =
        [
            "BEFORE #dev msgid=no-such-id 10",
            $"AFTER #dev msgid={ops[0]} 10",
            "AROUND #dev msgid=no-such-id 10",
            "LATEST #dev msgid=no-such-id 10",
            $"BETWEEN #dev msgid={dev[0]} msgid=no-such-id 10",
            $"BETWEEN #dev msgid=no-such-id msgid={dev[2]} 10",
        ];
        foreach (var request in requests)
        {
            await alice.SendAsync("CHATHISTORY " + request);
            var fail = await alice.NextAsync();
            Assert.True(fail.Is("FAIL"), $"{request}: {fail}");
            Assert.Equal(["CHATHISTORY", "INVALID_MSGREFTOKEN", request.Split(' ')[0], "#dev"], fail.Parameters.Take(4));
        }

        // The same msgids where they belong, and timestamps (which need not name a message), still work.
        Assert.Equal(["m1"], await HistoryAsync(alice, $"BETWEEN #dev msgid={dev[0]} msgid={dev[2]} 10"));
        Assert.Empty(await HistoryAsync(alice, $"AFTER #ops msgid={ops[0]} 10"));
        Assert.Equal(["m0", "m1", "m2"], await HistoryAsync(alice, "AFTER #dev timestamp=2000-01-01T00:00:00.000Z 10"));
    }

    [Fact]
    public async Task Chathistory_is_offered_with_its_limit_and_refuses_what_it_cannot_do()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await IrcClient.ConnectAsync(server.IrcEndPoint);
        var welcome = await alice.RegisterAsync("alice", "draft/chathistory", "standard-replies", "batch");
        Assert.Contains(welcome, l => l.Is("005") && l.Parameters.Contains("CHATHISTORY=200"));

        await alice.SendAsync("CHATHISTORY LATEST #nowhere * 10");
        var fail = await alice.ExpectAsync("FAIL");
        Assert.Equal(["CHATHISTORY", "INVALID_TARGET", "LATEST", "#nowhere"], fail.Parameters.Take(4));
        await alice.SendAsync("CHATHISTORY LATEST #lobby * many");
        Assert.Equal(["CHATHISTORY", "INVALID_PARAMS", "LATEST"], (await alice.ExpectAsync("FAIL")).Parameters.Take(3));
    }

    [Fact]
    public async Task A_client_without_chathistory_gets_recent_messages_replayed_on_join_with_their_time()
    {
        await using var server = await TestServer.StartAsync("History:ReplayOnJoin=2");
        await using (var plain = await server.ConnectAsync())
        {
            await plain.NickAsync("pat");
            await plain.SendAsync("first");
            await plain.SendAsync("second");
            await plain.SendAsync("/me third");
            await plain.SendAsync("/who");
            await plain.ExpectAsync("* in lobby (1):");
        }

        await server.History!.FlushAsync().WaitAsync(TestServer.Timeout);
        await using var bob = await IrcClient.ConnectAsync(server.IrcEndPoint, "bob", "server-time");
        await bob.JoinAsync("#lobby");
        var lines = await bob.SyncAsync();

        // pat's quit may come after bob's join (pat's server side may not have seen the close yet):
        // the only line allowed besides the replay.
        Assert.All(lines.Where(l => !l.Is("PRIVMSG")), l => Assert.True(l.Is("QUIT") && l.SourceNick == "pat", l.ToString()));
        var replay = lines.Where(l => l.Is("PRIVMSG")).ToList();
        Assert.Equal(2, replay.Count);
        Assert.Equal("second", replay[0].Last);
        Assert.Equal("\u0001ACTION third\u0001", replay[1].Last);
        Assert.All(replay, l => Assert.StartsWith("pat!~plain@127.0.0.1", l.Source, StringComparison.Ordinal));
        Assert.All(replay, l => Assert.True(l.Tags.ContainsKey("time")));
    }

    /// <summary>Says "m0" .. "m{count - 1}" in <paramref name="channel"/>; their msgids, from the echoes.</summary>
    private static async Task<List<string>> SayAsync(IrcClient client, string channel, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            await client.SendAsync($"PRIVMSG {channel} :m{i}");
            ids.Add((await client.ExpectAsync(l => l.Is("PRIVMSG") && l[0] == channel && l.Last == $"m{i}")).Tags["msgid"]);
        }

        return ids;
    }

    private static async Task<List<string>> HistoryAsync(IrcClient client, string request)
    {
        await client.SendAsync("CHATHISTORY " + request);
        var start = await client.ExpectAsync(l => l.Is("BATCH") && l[0].StartsWith('+') && l[1] == "chathistory");
        var reference = start[0][1..];
        var lines = await client.ReadUntilAsync(l => l.Is("BATCH") && l[0] == "-" + reference);
        var messages = lines.Where(l => l.Is("PRIVMSG")).ToList();
        Assert.All(messages, l => Assert.Equal(reference, l.Tags["batch"]));
        Assert.All(messages, l => Assert.True(l.Tags.ContainsKey("time") && l.Tags.ContainsKey("msgid")));
        return [.. messages.Select(l => l.Last)];
    }
}
