using Piazza.Server.Tests.Operators;
using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>RENAME: renaming a channel (https://ircv3.net/specs/extensions/channel-rename), with its fallback and its history.</summary>
[Trait("Category", "Slow")]
public sealed class IrcRenameTests
{
    private const string RenameCap = "draft/channel-rename";

    [Fact]
    public async Task Cap_holders_see_rename_others_see_part_then_join_with_topic_and_names()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", RenameCap);
        var bob = await server.ConnectIrcAsync("bob", RenameCap);
        var carol = await server.ConnectIrcAsync("carol");
        await IrcClient.JoinAllAsync("#dev", alice, bob, carol);
        await alice.SendAsync("TOPIC #dev :ship it");
        await bob.ExpectAsync("TOPIC");
        await carol.ExpectAsync("TOPIC");
        await alice.ExpectAsync("TOPIC");

        await alice.SendAsync("RENAME #dev #ops :better name");

        Assert.Equal(":alice!~aliceu@127.0.0.1 RENAME #dev #ops :better name", (await alice.NextAsync()).Raw);
        Assert.Equal(":alice!~aliceu@127.0.0.1 RENAME #dev #ops :better name", (await bob.NextAsync()).Raw);
        var fallback = await carol.ReadUntilAsync(l => l.Is("366"));
        Assert.Equal(6, fallback.Count);
        Assert.Equal(":carol!~carolu@127.0.0.1 PART #dev :better name", fallback[0].Raw);
        Assert.Equal(":carol!~carolu@127.0.0.1 JOIN #ops", fallback[1].Raw);
        Assert.Equal(["332", "carol", "#ops", "ship it"], [fallback[2].Command, .. fallback[2].Parameters]);
        Assert.Equal(["333", "carol", "#ops", "alice"], [fallback[3].Command, .. fallback[3].Parameters.Take(3)]);
        Assert.Equal(["353", "carol", "=", "#ops", "@alice bob carol"], [fallback[4].Command, .. fallback[4].Parameters]);
        Assert.Equal(["366", "carol", "#ops", "End of /NAMES list"], [fallback[5].Command, .. fallback[5].Parameters]);

        // Nothing else came, and the room works under its new name: modes and topic stayed.
        Assert.Empty(await alice.SyncAsync());
        Assert.Empty(await bob.SyncAsync());
        Assert.Empty(await carol.SyncAsync());
        await carol.SendAsync("PRIVMSG #ops :hello ops");
        Assert.Equal("#ops", (await bob.ExpectAsync("PRIVMSG"))[0]);
        await carol.SendAsync("TOPIC #ops :mine now");
        Assert.Equal(["carol", "#ops"], (await carol.ExpectAsync("482", allowErrors: true)).Parameters.Take(2));
        await bob.SendAsync("PRIVMSG #dev :anyone?");
        Assert.Equal(["bob", "#dev"], (await bob.ExpectAsync("401", allowErrors: true)).Parameters.Take(2));
    }

    [Fact]
    public async Task An_empty_reason_is_still_sent_and_a_renamer_without_the_cap_gets_the_fallback()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await using var tagged = await server.ConnectIrcAsync("tagged", RenameCap);
        await tagged.JoinAsync("#dev");
        await alice.ExpectAsync("JOIN");
        await bob.ExpectAsync("JOIN");

        await alice.SendAsync("RENAME #dev #ops");

        Assert.Equal(":alice!~aliceu@127.0.0.1 RENAME #dev #ops :", (await tagged.NextAsync()).Raw);
        var own = await alice.ReadUntilAsync(l => l.Is("366"));
        Assert.Equal(":alice!~aliceu@127.0.0.1 PART #dev", own[0].Raw);
        Assert.Equal(":alice!~aliceu@127.0.0.1 JOIN #ops", own[1].Raw);
        Assert.Equal("@alice bob tagged", own[^2].Last);
        Assert.Equal(4, own.Count); // PART, JOIN, 353, 366: no topic, so no 332/333
        Assert.Equal(":bob!~bobu@127.0.0.1 PART #dev", (await bob.NextAsync()).Raw);
    }

    [Fact]
    public async Task A_case_change_renames_in_place_and_clients_without_the_cap_get_no_fallback()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", RenameCap);
        var bob = await server.ConnectIrcAsync("bob");
        await IrcClient.JoinAllAsync("#dev", alice, bob);

        await alice.SendAsync("RENAME #dev #Dev :capital");

        Assert.Equal(":alice!~aliceu@127.0.0.1 RENAME #dev #Dev :capital", (await alice.NextAsync()).Raw);
        Assert.Empty(await bob.SyncAsync());
        await bob.SendAsync("PRIVMSG #dev :still here");
        Assert.Equal("#Dev", (await alice.ExpectAsync("PRIVMSG"))[0]);
        await alice.SendAsync("NAMES #dev");
        Assert.Equal("@alice bob", (await alice.ExpectAsync("353")).Last);
    }

    [Fact]
    public async Task History_follows_the_room_for_chathistory_and_the_replay_on_join_and_the_old_name_is_a_new_room()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", RenameCap, "batch", "server-time", "message-tags", "draft/chathistory");
        var bob = await server.ConnectIrcAsync("bob");
        await IrcClient.JoinAllAsync("#dev", alice, bob);
        await bob.SendAsync("PRIVMSG #dev :said before");
        await alice.ExpectAsync("PRIVMSG");
        await alice.SendAsync("PRIVMSG #dev :also before");

        await alice.SendAsync("RENAME #dev #ops :moving");
        await alice.ExpectAsync("RENAME");
        await bob.ExpectAsync("366");

        await alice.SendAsync("CHATHISTORY LATEST #ops * 10");
        var batch = await alice.ReadUntilAsync(l => l.Is("BATCH") && l[0].StartsWith('-'));
        Assert.Equal(["said before", "also before"], batch.Where(l => l.Is("PRIVMSG")).Select(l => l.Last));
        Assert.All(batch.Where(l => l.Is("PRIVMSG")), l => Assert.Equal("#ops", l[0]));
        await alice.SendAsync("CHATHISTORY LATEST #dev * 10");
        Assert.Equal(["CHATHISTORY", "INVALID_TARGET", "LATEST", "#dev", "You cannot read the history of #dev"], (await alice.ExpectAsync("FAIL", allowErrors: true)).Parameters);

        // Someone joining the new name is replayed the old name's messages.
        await using var late = await server.ConnectIrcAsync("late");
        await late.JoinAsync("#ops");
        var replayed = await late.SyncAsync();
        Assert.Equal(["said before", "also before"], replayed.Where(l => l.Is("PRIVMSG")).Select(l => l.Last));

        // The old name is free: joining it makes a new, empty room whose first member operates it.
        var fresh = await late.JoinAsync("#dev");
        Assert.Equal("@late", fresh.Single(l => l.Is("353")).Last);
        Assert.DoesNotContain(await late.SyncAsync(), l => l.Is("PRIVMSG"));
    }

    [Fact]
    public async Task Each_refusal_has_its_reply_and_changes_nothing()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        var alice = await server.ConnectIrcAsync("alice", RenameCap);
        var bob = await server.ConnectIrcAsync("bob", RenameCap);
        await IrcClient.JoinAllAsync("#dev", alice, bob);
        await alice.JoinAsync("#taken");
        await using var outsider = await server.ConnectIrcAsync("outsider", RenameCap);

        await alice.SendAsync("RENAME #dev");
        Assert.Equal(["alice", "RENAME", "Not enough parameters"], (await alice.ExpectAsync("461", allowErrors: true)).Parameters);
        await alice.SendAsync("RENAME #nowhere #ops");
        Assert.Equal(["alice", "#nowhere", "No such channel"], (await alice.ExpectAsync("403", allowErrors: true)).Parameters);
        await outsider.SendAsync("RENAME #dev #ops");
        Assert.Equal(["outsider", "#dev", "You're not on that channel"], (await outsider.ExpectAsync("442", allowErrors: true)).Parameters);
        await bob.SendAsync("RENAME #dev #ops");
        Assert.Equal(["bob", "#dev", "You're not channel operator"], (await bob.ExpectAsync("482", allowErrors: true)).Parameters);
        await alice.SendAsync("RENAME #dev #TAKEN");
        Assert.Equal(["RENAME", "CHANNEL_NAME_IN_USE", "#dev", "#TAKEN", "The channel name is already taken"], (await alice.ExpectAsync("FAIL")).Parameters);
        foreach (var bad in new[] { "ops", "#", "#no,way", "#" + new string('x', 60), "#caf\u00e9" })
        {
            await alice.SendAsync($"RENAME #dev {bad}");
            var refused = await alice.ExpectAsync("479", allowErrors: true);
            Assert.Equal("Illegal channel name", refused.Last);
        }

        await alice.JoinAsync("#lobby");
        await alice.SendAsync("RENAME #lobby #hall");
        Assert.Equal(["alice", "#lobby"], (await alice.ExpectAsync("482", allowErrors: true)).Parameters.Take(2));
        await outsider.SendAsync($"OPER {OperatorAccounts.Name} :{OperatorAccounts.Password}");
        await outsider.ExpectAsync("381");
        await outsider.SendAsync("RENAME #lobby #hall");
        Assert.Equal(["RENAME", "CANNOT_RENAME", "#lobby", "#hall"], (await outsider.ExpectAsync("FAIL")).Parameters.Take(4));

        // Nothing moved and nobody was told.
        Assert.Empty(await bob.SyncAsync());
        Assert.NotNull(server.Hub.FindRoom("dev"));
        Assert.NotNull(server.Hub.FindRoom("lobby"));
        Assert.Null(server.Hub.FindRoom("ops"));
        Assert.Null(server.Hub.FindRoom("hall"));

        // A server operator may rename a room it is not in.
        await outsider.SendAsync("RENAME #dev #ops :tidy");
        Assert.Equal(":outsider!~outsideru@127.0.0.1 RENAME #dev #ops :tidy", (await bob.NextAsync()).Raw);
    }

    [Fact]
    public async Task A_server_operator_without_the_cap_renaming_from_outside_is_told_by_notice_not_joined()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await using var oper = await server.ConnectIrcAsync("oper");
        await oper.SendAsync($"OPER {OperatorAccounts.Name} :{OperatorAccounts.Password}");
        await oper.ExpectAsync("381");

        await oper.SendAsync("RENAME #dev #ops");

        var told = await oper.SyncAsync();
        Assert.Equal(["oper", "#dev is now #ops"], Assert.Single(told).Parameters);
        Assert.True(told[0].Is("NOTICE"));
        Assert.Equal(":alice!~aliceu@127.0.0.1 PART #dev", (await alice.NextAsync()).Raw);
        Assert.Equal("@alice bob", (await bob.ExpectAsync("353")).Last);
        Assert.False(server.Hub.FindRoom("ops")!.Contains(server.Hub.FindNick("oper")!));
    }

    [Fact]
    public async Task The_cap_is_offered_and_hostile_input_is_refused_without_harm()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", RenameCap);
        await alice.JoinAsync("#dev");
        await alice.SendAsync("CAP LS 302");
        Assert.Contains(RenameCap, (await alice.ExpectAsync("CAP")).Last.Split(' '));

        await alice.SendAsync("RENAME #dev #" + new string('a', 600));
        await alice.SendAsync("RENAME #dev :#o ps");
        await alice.SendAsync("RENAME #dev #o\u0001ps :x");
        await alice.SendAsync("RENAME ## #ops");
        var replies = await alice.SyncAsync();
        Assert.All(replies, l => Assert.True(l.IsError || l.Is("FAIL"), l.Raw));
        Assert.DoesNotContain(replies, l => l.Is("RENAME"));
        Assert.NotNull(server.Hub.FindRoom("dev"));
    }
}
