using System.Net;
using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;

using Piazza.Cluster;
using Piazza.Server.Tests.Accounts;
using Piazza.Server.Tests.Http;
using Piazza.Testing;

using static Piazza.Server.Tests.Rooms.RoomClients;

namespace Piazza.Server.Tests.Cluster;

/// <summary>
/// Two nodes of one cluster (Cluster:Enabled) in this process, each an Orleans silo, over a real
/// Redis (membership) and a real PostgreSQL (the history they share), both started by the
/// fixtures: clients of both protocols on different nodes chat in one room, in order, and a
/// client joining on either node is replayed what was said on both.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class ClusterChatTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private RedisServer _redis = null!;
    private string _database = string.Empty;
    private TestServer _nodeA = null!;
    private TestServer _nodeB = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.SharedAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _redis = await RedisServer.SharedAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _database = await _postgres.CreateDatabaseAsync().WaitAsync(TestServer.Timeout);

        // A cluster of its own per test: the tests share the Redis.
        var cluster = "test-" + Guid.NewGuid().ToString("N");
        _nodeA = await StartNodeAsync(cluster, "a");
        _nodeB = await StartNodeAsync(cluster, "b");
    }

    public async Task DisposeAsync()
    {
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
        await _postgres.DropDatabaseAsync(_database).WaitAsync(TestServer.Timeout);
    }

    [Fact]
    public async Task A_plain_client_on_one_node_and_an_irc_client_on_the_other_chat_in_one_room()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");
        await alice.SendAsync("/join dev");
        await alice.ExpectAsync(l => l.StartsWith("* you are in dev", StringComparison.Ordinal));
        await using var irene = await _nodeB.ConnectIrcAsync("irene", "message-tags");
        await irene.JoinAsync("#dev");
        await BothSubscribedAsync("dev");

        await alice.SendAsync("hello from node a");
        var seen = await irene.ExpectAsync("PRIVMSG");
        Assert.Equal("alice", seen.SourceNick);
        Assert.Equal(["#dev", "hello from node a"], seen.Parameters);
        Assert.True(seen.Tags.ContainsKey("msgid"));

        await irene.SendAsync("PRIVMSG #dev :hello from node b");
        Assert.Equal("[irene@dev] hello from node b", await alice.NextChatAsync());
        Assert.Empty(await irene.SyncAsync());
    }

    [Fact]
    public async Task Each_senders_lines_arrive_on_the_other_node_in_the_order_sent_and_none_twice()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");
        await using var bob = await _nodeB.ConnectAsync("bob");
        await BothSubscribedAsync("lobby");
        const int Lines = 30; // under flood control's burst

        for (var i = 0; i < Lines; i++)
        {
            await alice.SendAsync($"a{i}");
            await bob.SendAsync($"b{i}");
        }

        for (var i = 0; i < Lines; i++)
        {
            Assert.Equal($"[alice] a{i}", await bob.NextChatAsync());
            Assert.Equal($"[bob] b{i}", await alice.NextChatAsync());
        }

        // Nothing doubled: a marker sent last is the next line each receives.
        await alice.SendAsync("end from a");
        await bob.SendAsync("end from b");
        Assert.Equal("[alice] end from a", await bob.NextAsync());
        Assert.Equal("[bob] end from b", await alice.NextAsync());
    }

    [Fact]
    public async Task A_client_joining_on_either_node_is_replayed_what_was_said_on_both()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");
        await using var bob = await _nodeB.ConnectAsync("bob");
        await BothSubscribedAsync("lobby");
        await alice.SendAsync("first, on a");
        Assert.Equal("[alice] first, on a", await bob.NextChatAsync());
        await bob.SendAsync("second, on b");
        Assert.Equal("[bob] second, on b", await alice.NextChatAsync());

        foreach (var node in new[] { _nodeA, _nodeB })
        {
            await using var carol = await LineClient.ConnectAsync(node.EndPoint, readWelcome: false);
            await carol.ExpectAsync("* history of lobby (2 messages):");
            Assert.EndsWith("[alice] first, on a", await carol.NextAsync());
            Assert.EndsWith("[bob] second, on b", await carol.NextAsync());
            Assert.Equal("* --- live chat in lobby from here ---", await carol.NextAsync());
        }
    }

    [Fact]
    public async Task Each_node_lists_the_members_of_both_and_shows_their_joins_nick_changes_parts_and_quits()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");
        await alice.SendAsync("/join dev");
        await alice.ExpectAsync(l => l.StartsWith("* you are in dev", StringComparison.Ordinal));
        await using var irene = await _nodeB.ConnectIrcAsync("irene");

        // irene's node asks the room's grain before she joins: her NAMES has alice, its operator
        // (she made it on node a), and irene is none (she is first on node b, not in the room).
        Assert.Equal(["@alice", "irene"], NamesOf(await irene.JoinAsync("#dev")));
        await alice.ExpectAsync("* irene joined dev");

        await irene.SendAsync("NAMES #dev");
        Assert.Equal(["@alice", "irene"], NamesOf(await irene.ReadUntilAsync(l => l.Is("366"))));
        await alice.SendAsync("/who dev");
        await alice.ExpectAsync("* in dev (2):");
        Assert.Equal(["alice", "irene"], (await alice.NextAsync()).TrimStart('*', ' ').Split(' ').Order());

        await alice.SendAsync("/nick alicia");
        var renamed = await irene.ExpectAsync("NICK");
        Assert.Equal(("alice", "alicia"), (renamed.SourceNick, renamed.Parameters[0]));

        await irene.SendAsync("PART #dev :see you");
        await alice.ExpectAsync("* irene left dev (see you)");
        Assert.Equal(["@alicia", "irene"], NamesOf(await irene.JoinAsync("#dev")));
        await alice.ExpectAsync("* irene joined dev");

        await alice.SendAsync("/quit");
        var quit = await irene.ExpectAsync("QUIT");
        Assert.Equal("alicia", quit.SourceNick);
        await irene.SendAsync("NAMES #dev");
        Assert.Equal(["irene"], NamesOf(await irene.ReadUntilAsync(l => l.Is("366")))); // as on one server: the operator left
        Assert.Empty(await irene.SyncAsync());
    }

    [Fact]
    public async Task The_members_of_a_node_that_stops_leave_the_rooms_of_the_others()
    {
        await using var irene = await _nodeA.ConnectIrcAsync("irene");
        await irene.JoinAsync("#dev");
        await using var bob = await _nodeB.ConnectAsync("bob");
        await bob.SendAsync("/join dev");
        await irene.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "bob");

        await _nodeB.StopAsync();

        // As bob's session closes (the node tells the room), or as the cluster declares b dead.
        var quit = await irene.ExpectAsync("QUIT");
        Assert.Equal("bob", quit.SourceNick);
        await irene.SendAsync("NAMES #dev");
        Assert.Equal("@irene", (await irene.ExpectAsync("353")).Last);
        await irene.ExpectAsync("366");
        Assert.Empty(await irene.SyncAsync());
        Assert.Equal(0, _nodeA.Hub.RemoteMemberCount);
    }

    [Fact]
    public async Task A_private_message_crosses_to_a_member_of_the_other_node_and_back()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");
        await using var irene = await _nodeB.ConnectIrcAsync("irene", "echo-message");

        // alice came into the lobby as a guest and then took her nick: irene's node, which has had
        // nobody in the lobby, is told her members by its grain as irene joins, and may learn of
        // the nick change only after (then she sees it).
        var names = NamesOf(await irene.JoinAsync("#lobby"));
        if (!names.Contains("alice"))
        {
            await irene.ExpectAsync(l => (l.Is("JOIN") && l.SourceNick == "alice") || (l.Is("NICK") && l[0] == "alice"));
        }

        await alice.ExpectAsync("* irene joined lobby");

        await alice.SendAsync("/msg irene psst, from node a");
        var got = await irene.ExpectAsync("PRIVMSG");
        Assert.Equal(("alice", "irene", "psst, from node a"), (got.SourceNick, got[0], got.Last));

        // Her node shows alice to WHOIS, ISON and USERHOST as any member.
        await irene.SendAsync("WHOIS alice");
        var whois = await irene.ReadUntilAsync(l => l.Is("318"));
        Assert.Equal(["alice", "~plain", "127.0.0.1"], whois.Single(l => l.Is("311")).Parameters.Skip(1).Take(3));
        Assert.Contains("#lobby", whois.Single(l => l.Is("319")).Last, StringComparison.Ordinal);
        Assert.DoesNotContain(whois, l => l.IsError);
        await irene.SendAsync("ISON alice nobody");
        Assert.Equal("alice", (await irene.ExpectAsync("303")).Last);
        await irene.SendAsync("USERHOST alice");
        Assert.Equal("alice=+~plain@127.0.0.1", (await irene.ExpectAsync("302")).Last);

        await irene.SendAsync("PRIVMSG alice :and back from b");
        var echo = await irene.ExpectAsync("PRIVMSG");
        Assert.Equal(("irene", "alice"), (echo.SourceNick, echo[0]));
        Assert.Contains("and back from b", await alice.ExpectAsync(l => l.Contains("irene", StringComparison.Ordinal) && l.Contains("and back", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Empty(await irene.SyncAsync());
    }

    [Fact]
    public async Task A_private_message_reaches_a_member_of_the_other_node_who_shares_no_room_with_the_sender()
    {
        // Neither is in any room: their nodes know each other's members only through the nicks' grains.
        await using var ivan = await _nodeA.ConnectIrcAsync("ivan", "echo-message");
        await using var irene = await _nodeB.ConnectIrcAsync("irene");

        await ivan.SendAsync("PRIVMSG irene :hello, stranger");
        var echo = await ivan.ExpectAsync("PRIVMSG");
        Assert.Equal(("ivan", "irene"), (echo.SourceNick, echo[0]));
        var got = await irene.ExpectAsync("PRIVMSG");
        Assert.Equal(("ivan", "irene", "hello, stranger"), (got.SourceNick, got[0], got.Last));

        await irene.SendAsync("PRIVMSG ivan :hello back");
        var back = await ivan.ExpectAsync("PRIVMSG");
        Assert.Equal(("irene", "ivan", "hello back"), (back.SourceNick, back[0], back.Last));

        // WHOIS finds her on her node, as it shows her.
        await ivan.SendAsync("WHOIS irene");
        var whois = await ivan.ReadUntilAsync(l => l.Is("318"));
        Assert.Equal(["irene", "~ireneu", "127.0.0.1"], whois.Single(l => l.Is("311")).Parameters.Skip(1).Take(3));
        Assert.DoesNotContain(whois, l => l.IsError);
        await ivan.SendAsync("WHOIS nobody-here");
        Assert.Equal("401", (await ivan.ExpectAsync(l => l.IsError, allowErrors: true)).Command);
        await ivan.ExpectAsync("318");

        // A plain client's /msg finds her too; a nick nobody holds is still nobody's.
        await using var paul = await _nodeA.ConnectAsync("paul");
        await paul.SendAsync("/msg irene from a plain client");
        var fromPaul = await irene.ExpectAsync("PRIVMSG");
        Assert.Equal(("paul", "from a plain client"), (fromPaul.SourceNick, fromPaul.Last));
        await ivan.SendAsync("PRIVMSG nobody-here :anyone?");
        Assert.Equal("401", (await ivan.ExpectAsync(l => l.IsError, allowErrors: true)).Command);
        await paul.SendAsync("/msg nobody-here anyone?");
        await paul.ExpectAsync("! no one is called nobody-here");
        Assert.DoesNotContain(await irene.SyncAsync(), l => l.IsError);
    }

    [Fact]
    public async Task A_multiline_private_message_reaches_a_member_of_the_other_node_who_shares_no_room_with_the_sender()
    {
        string[] caps = ["message-tags", "batch", "echo-message", "labeled-response", "draft/multiline"];
        await using var alice = await _nodeA.ConnectIrcAsync("alice", caps);
        await using var bob = await _nodeB.ConnectIrcAsync("bob", caps);

        await alice.SendAsync("@label=ml BATCH +p draft/multiline bob");
        await alice.SendAsync("@batch=p PRIVMSG bob :first line");
        await alice.SendAsync("@batch=p PRIVMSG bob :second line");
        await alice.SendAsync("BATCH -p");

        var echo = await alice.ReadUntilAsync(l => l.Is("BATCH") && l[0].StartsWith('-'));
        Assert.Equal(("ml", "bob"), (echo[0].Tags["label"], echo[0][2]));
        Assert.Equal(["first line", "second line"], echo.Where(l => l.Is("PRIVMSG")).Select(l => l.Last));
        var relay = await bob.ReadUntilAsync(l => l.Is("BATCH") && l[0].StartsWith('-'));
        Assert.Equal(("alice", echo[0].Tags["msgid"]), (relay[0].SourceNick, relay[0].Tags["msgid"]));
        Assert.Equal(["first line", "second line"], relay.Where(l => l.Is("PRIVMSG")).Select(l => l.Last));
        Assert.Empty(await alice.SyncAsync());
        Assert.Empty(await bob.SyncAsync());
    }

    [Fact]
    public async Task A_members_away_and_real_name_reach_who_shares_a_room_with_it_on_the_other_node_once()
    {
        // irene (node b) shares #dev with alice (node a) and also watches her nick.
        await using var alice = await _nodeA.ConnectIrcAsync("alice", "setname");
        await using var irene = await _nodeB.ConnectIrcAsync("irene", "away-notify", "setname", "extended-monitor");
        await alice.JoinAsync("#dev");
        await irene.JoinAsync("#dev");
        await BothSubscribedAsync("dev");
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "irene");
        await irene.SendAsync("MONITOR + alice");
        await irene.ExpectAsync("730");

        await alice.SendAsync("AWAY :lunch");
        await alice.ExpectAsync("306");
        var away = await irene.ExpectAsync("AWAY");
        Assert.Equal(("alice", "lunch"), (away.SourceNick, away.Last));
        await alice.SendAsync("SETNAME :Alice A.");
        await alice.ExpectAsync("SETNAME");
        var renamed = await irene.ExpectAsync("SETNAME");
        Assert.Equal(("alice", "Alice A."), (renamed.SourceNick, renamed.Last));

        // Once each: nothing more came, through her nick's watch or otherwise.
        Assert.Empty(await irene.SyncAsync());
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task Ison_and_userhost_find_a_member_of_the_other_node_who_shares_no_room_with_the_asker()
    {
        await using var ivan = await _nodeA.ConnectIrcAsync("ivan");
        await using var irene = await _nodeB.ConnectIrcAsync("irene");
        await irene.SendAsync("AWAY :lunch");
        await irene.ExpectAsync("306");

        await ivan.SendAsync("ISON nobody-here irene ivan");
        Assert.Equal("irene ivan", (await ivan.ExpectAsync("303")).Last);

        await ivan.SendAsync("USERHOST irene nobody-here ivan");
        Assert.Equal("irene=-~ireneu@127.0.0.1 ivan=+~ivanu@127.0.0.1", (await ivan.ExpectAsync("302")).Last.Trim());
        Assert.Empty(await ivan.SyncAsync());
    }

    [Fact]
    public async Task An_invitation_crosses_to_a_member_of_the_other_node_and_opens_the_door_there()
    {
        await using var alice = await _nodeA.ConnectIrcAsync("alice");
        await alice.JoinAsync("#vip");
        await alice.SendAsync("MODE #vip +i");
        await alice.ExpectAsync("MODE");
        await using var bob = await _nodeB.ConnectIrcAsync("bob");
        await using var carol = await _nodeB.ConnectIrcAsync("carol");

        await alice.SendAsync("INVITE bob #vip");
        Assert.Equal(["bob", "#vip"], (await alice.ExpectAsync("341")).Parameters.Skip(1));
        var invite = await bob.ExpectAsync("INVITE");
        Assert.Equal(("alice", "bob", "#vip"), (invite.SourceNick, invite[0], invite[1]));

        Assert.Equal(["@alice", "bob"], NamesOf(await bob.JoinAsync("#vip")));
        await carol.SendAsync("JOIN #vip");
        Assert.Equal("473", (await carol.ExpectAsync(l => l.IsError, allowErrors: true)).Command);
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.IsError);
    }

    [Fact]
    public async Task A_rooms_topic_is_one_on_both_nodes()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");
        await alice.SendAsync("/join dev");
        await alice.ExpectAsync(l => l.StartsWith("* you are in dev", StringComparison.Ordinal));
        await alice.SendAsync("/topic release on friday");
        await alice.ExpectAsync(l => l.Contains("release on friday", StringComparison.Ordinal));

        // The room is new on b: its grain tells b the topic as irene's join takes it there (she
        // sees it changed live, and in the replay of the room's history: either may come first).
        await using var irene = await _nodeB.ConnectIrcAsync("irene");
        await irene.JoinAsync("#dev");
        await WaitForAsync(async () => await TopicOnAsync(irene) == "release on friday");

        await alice.SendAsync("/topic release on monday");
        await WaitForAsync(async () => await TopicOnAsync(irene) == "release on monday");

        // Who joins on b now is shown it as the room's own.
        await using var carol = await _nodeB.ConnectIrcAsync("carol");
        var joined = await carol.JoinAsync("#dev");
        Assert.Equal("release on monday", Assert.Single(joined, l => l.Is("332")).Last);
        Assert.Equal("alice", Assert.Single(joined, l => l.Is("333"))[2]);
        await irene.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "carol");
        Assert.DoesNotContain(await irene.SyncAsync(), l => l.IsError);
    }

    [Fact]
    public async Task An_operator_on_one_node_runs_the_room_on_both()
    {
        // alice makes #ops on node a: first in the room on any node (her node asked its grain), she operates it.
        await using var alice = await _nodeA.ConnectIrcAsync("alice");
        Assert.Equal(["@alice"], NamesOf(await alice.JoinAsync("#ops")));

        // bob is first in #ops on node b, but not in the room: no operator, and both nodes say so.
        await using var bob = await _nodeB.ConnectIrcAsync("bob");
        var joined = await bob.JoinAsync("#ops");
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "bob");
        Assert.Equal(["@alice", "bob"], NamesOf(joined));
        await alice.SendAsync("NAMES #ops");
        Assert.Equal(["@alice", "bob"], NamesOf(await alice.ReadUntilAsync(l => l.Is("366"))));
        await bob.SendAsync("MODE #ops +t");
        Assert.Equal("482", (await bob.ExpectAsync(l => l.IsError, allowErrors: true)).Command);

        // Her +m holds on node b.
        await alice.SendAsync("MODE #ops +m");
        await alice.ExpectAsync("MODE"); // each sees her own change
        var moderated = await bob.ExpectAsync("MODE");
        Assert.Equal(("alice", "+m"), (moderated.SourceNick, moderated[1]));
        await bob.SendAsync("PRIVMSG #ops :may I?");
        Assert.Equal("404", (await bob.ExpectAsync(l => l.IsError, allowErrors: true)).Command);

        // She makes bob an operator: he acts as one on his node, and she sees it.
        await alice.SendAsync("MODE #ops +o bob");
        await alice.ExpectAsync("MODE");
        Assert.Equal(("alice", "+o", "bob"), Mode(await bob.ExpectAsync("MODE")));
        await bob.SendAsync("MODE #ops +v alice");
        Assert.Equal(("bob", "+v", "alice"), Mode(await bob.ExpectAsync("MODE")));
        Assert.Equal(("bob", "+v", "alice"), Mode(await alice.ExpectAsync("MODE")));
        await bob.SendAsync("MODE #ops -o bob");
        Assert.Equal(("bob", "-o", "bob"), Mode(await bob.ExpectAsync("MODE")));
        Assert.Equal(("bob", "-o", "bob"), Mode(await alice.ExpectAsync("MODE")));

        // She bans and kicks him across nodes: he is out on both, and the ban keeps him out.
        await alice.SendAsync("MODE #ops +b bob!*@*");
        await alice.ExpectAsync("MODE");
        Assert.Equal(("alice", "+b", "bob!*@*"), Mode(await bob.ExpectAsync("MODE")));
        await alice.SendAsync("KICK #ops bob :enough");
        var kicked = await bob.ExpectAsync("KICK");
        Assert.Equal(("alice", "#ops", "bob", "enough"), (kicked.SourceNick, kicked[0], kicked[1], kicked.Last));
        var seenByAlice = await alice.ExpectAsync("KICK");
        Assert.Equal("bob", seenByAlice[1]);
        await alice.SendAsync("NAMES #ops");
        Assert.Equal(["@alice"], NamesOf(await alice.ReadUntilAsync(l => l.Is("366"))));
        await bob.SendAsync("JOIN #ops");
        Assert.Equal("474", (await bob.ExpectAsync(l => l.IsError, allowErrors: true)).Command);
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.IsError);

        static (string?, string, string) Mode(IrcLine line) => (line.SourceNick, line[1], line[2]);
    }

    [Fact]
    public async Task A_node_new_to_a_room_shows_the_modes_the_room_has()
    {
        await using var alice = await _nodeA.ConnectIrcAsync("alice");
        await alice.JoinAsync("#ops");
        await alice.SendAsync("MODE #ops +ik sesame");
        await alice.ExpectAsync("MODE");
        await alice.SendAsync("MODE #ops +I carol!*@*");
        await alice.ExpectAsync("MODE");

        // Her modes reach the room's grain a moment after she is answered (her node's outbox):
        // a join on node b before that passes the door the grain knew (CI at 0701b4d, loaded, let
        // bob in so). Once the grain has them, node b has never had #ops: its door is the room's all the same.
        await WaitForAsync(async () => (await _nodeB.Hub.ViewFromNodesAsync("ops"))?.Settings is { Modes.InviteOnly: true, InviteExceptions.Count: 1 });
        await using var bob = await _nodeB.ConnectIrcAsync("bob");
        await bob.SendAsync("JOIN #ops");
        Assert.Equal("473", (await bob.ExpectAsync(l => l.IsError, allowErrors: true)).Command);
        await using var carol = await _nodeB.ConnectIrcAsync("carol");
        await carol.JoinAsync("#ops", key: "sesame");
        await carol.SendAsync("MODE #ops");
        var modes = await carol.ExpectAsync("324");
        Assert.Equal("iknt", new string([.. modes[2].TrimStart('+').Order()]));
        Assert.Equal("sesame", modes[3]);
        Assert.DoesNotContain(await carol.SyncAsync(), l => l.IsError);
    }

    /// <summary>The nicks in a NAMES reply (353s), with their prefixes, in order.</summary>
    private static string[] NamesOf(List<IrcLine> reply) =>
        [.. reply.Where(l => l.Is("353")).SelectMany(l => l.Last.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_nick_held_on_one_node_is_refused_on_the_other_until_its_holder_lets_it_go()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");

        // An IRC client registering on b with it, and a plain client renaming to it, in any case.
        await using var irc = await IrcClient.ConnectAsync(_nodeB.IrcEndPoint);
        await irc.SendAsync("NICK Alice");
        await irc.SendAsync("USER u 0 * :U");
        var refused = await irc.ExpectAsync("433", allowErrors: true);
        Assert.Equal("Alice", refused[1]);
        await using var bob = await _nodeB.ConnectAsync("bob");
        await bob.SendAsync("/nick alice");
        await bob.ExpectAsync("! the nickname alice is taken; pick another", allowErrors: true);

        // Given up by a change of nick: the IRC client registers with it.
        await alice.SendAsync("/nick alicia");
        await alice.ExpectAsync("* you are now known as alicia");
        await WaitForAsync(async () =>
        {
            await irc.SendAsync("NICK alice");
            var answer = await irc.ExpectAsync(l => l.Is("001") || l.Is("433"), allowErrors: true);
            return answer.Is("001") && answer.Parameters[0] == "alice";
        });

        // Given up by leaving: bob takes alicia.
        await bob.SendAsync("/nick ALICIA");
        await bob.ExpectAsync("! the nickname ALICIA is taken; pick another", allowErrors: true);
        await alice.DisposeAsync();
        await WaitForAsync(async () =>
        {
            await bob.SendAsync("/nick alicia");
            return await bob.ExpectAsync(l => l.StartsWith("* you are now known as", StringComparison.Ordinal) || l.StartsWith("! the nickname", StringComparison.Ordinal), allowErrors: true) == "* you are now known as alicia";
        });
    }

    [Fact]
    public async Task Two_nodes_asked_for_one_nick_at_once_give_it_to_one()
    {
        await using var a = await _nodeA.ConnectAsync("racer-a");
        await using var b = await _nodeB.ConnectAsync("racer-b");
        for (var round = 0; round < 10; round++)
        {
            var nick = $"prize{round}";
            await Task.WhenAll(a.SendAsync("/nick " + nick), b.SendAsync("/nick " + nick));
            static bool Answer(string l) => l.StartsWith("* you are now known as", StringComparison.Ordinal) || l.StartsWith("! the nickname", StringComparison.Ordinal);
            var answers = await Task.WhenAll(a.ExpectAsync(Answer, allowErrors: true), b.ExpectAsync(Answer, allowErrors: true));
            Assert.Single(answers, l => l == "* you are now known as " + nick);
            Assert.Single(answers, l => l == $"! the nickname {nick} is taken; pick another");
        }
    }

    [Fact]
    public async Task Lines_said_while_postgresql_is_away_are_shown_only_once_stored_then_all_in_order()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");
        await using var irene = await _nodeA.ConnectIrcAsync("irene", "echo-message");
        await irene.JoinAsync("#lobby");
        await using var bob = await _nodeB.ConnectAsync("bob");
        await BothSubscribedAsync("lobby");
        await alice.SendAsync("before");
        Assert.Equal("[alice] before", await bob.NextChatAsync());
        Assert.Equal("before", (await irene.ExpectAsync("PRIVMSG")).Last);
        using var probe = new HealthProbe(_nodeA.HttpEndPoint);

        // Away: node a's history cannot write (its health says so), and lines are said on it.
        await _postgres.CutOffAsync(_database).WaitAsync(TestServer.Timeout);
        await alice.SendAsync("while away 1");
        await probe.PollUntilAsync(HttpStatusCode.ServiceUnavailable);
        await irene.SendAsync("PRIVMSG #lobby :while away 2");
        await alice.SendAsync("while away 3"); // read once her first line is out: her session waits for it

        // Back: every line reaches both nodes' members in one order, and whoever is shown a line
        // (irene her own, as its echo) is shown it stored: a crash could not lose it after that.
        await _postgres.ReopenAsync(_database).WaitAsync(TestServer.Timeout);
        Assert.Equal("[alice] while away 1", await bob.NextChatAsync());
        Assert.Equal(1L, await StoredAsync("while away 1"));
        Assert.Equal("while away 1", (await irene.ExpectAsync("PRIVMSG")).Last);
        var echo = await irene.ExpectAsync("PRIVMSG");
        Assert.Equal(("irene", "while away 2"), (echo.SourceNick, echo.Last));
        Assert.Equal(1L, await StoredAsync("while away 2"));
        Assert.Equal("[irene] while away 2", await bob.NextChatAsync());
        Assert.Equal("[alice] while away 3", await bob.NextChatAsync());
        Assert.Equal(1L, await StoredAsync("while away 3"));
        Assert.Equal("while away 3", (await irene.ExpectAsync("PRIVMSG")).Last);
        await probe.PollUntilAsync(HttpStatusCode.OK);
        Assert.Empty(await irene.SyncAsync());
    }

    [Fact]
    public async Task A_private_message_between_accounts_is_delivered_and_echoed_only_once_stored()
    {
        // alice (node a) writes to bob (node b, no room shared), carol to dave (both node a).
        await using var alice = await RegisteredIrcAsync(_nodeA, "alice", "echo-message", "labeled-response", "batch");
        await using var bob = await RegisteredIrcAsync(_nodeB, "bob");
        await using var carol = await RegisteredIrcAsync(_nodeA, "carol", "echo-message");
        await using var dave = await RegisteredIrcAsync(_nodeA, "dave");
        await alice.SendAsync("@label=p0 PRIVMSG bob :before");
        Assert.Equal("p0", (await alice.ExpectAsync("PRIVMSG")).Tags["label"]);
        Assert.Equal("before", (await bob.ExpectAsync("PRIVMSG")).Last);
        Assert.Equal(1L, await StoredAsync("before"));

        // Away: nothing is delivered or echoed, on either node.
        await _postgres.CutOffAsync(_database).WaitAsync(TestServer.Timeout);
        await alice.SendAsync("@label=p1 PRIVMSG bob :away to b");
        await carol.SendAsync("PRIVMSG dave :away to a");
        Assert.Empty(await bob.SyncAsync());
        Assert.Empty(await dave.SyncAsync());

        // Back: each is delivered and echoed stored, the echo under its command's label.
        await _postgres.ReopenAsync(_database).WaitAsync(TestServer.Timeout);
        var echo = await alice.NextAsync();
        Assert.True(echo.Is("PRIVMSG"), echo.ToString());
        Assert.Equal(("p1", "alice", "bob", "away to b"), (echo.Tags["label"], echo.SourceNick, echo[0], echo.Last));
        Assert.Equal(1L, await StoredAsync("away to b"));
        var got = await bob.ExpectAsync("PRIVMSG");
        Assert.Equal(("alice", "away to b"), (got.SourceNick, got.Last));
        Assert.Equal("away to a", (await dave.ExpectAsync("PRIVMSG")).Last);
        Assert.Equal(1L, await StoredAsync("away to a"));
        var carolsEcho = await carol.ExpectAsync("PRIVMSG");
        Assert.Equal(("carol", "dave", "away to a"), (carolsEcho.SourceNick, carolsEcho[0], carolsEcho.Last));
        Assert.Empty(await alice.SyncAsync());
        Assert.Empty(await bob.SyncAsync());
        Assert.Empty(await carol.SyncAsync());
        Assert.Empty(await dave.SyncAsync());
    }

    [Fact]
    public async Task Lines_said_at_once_on_two_nodes_reach_every_member_in_one_order()
    {
        // alice and bob speak at once on their nodes; carol (plain, node a) and dave (IRC, node b) watch.
        await using var alice = await _nodeA.ConnectAsync("alice");
        await using var carol = await _nodeA.ConnectAsync("carol");
        await using var bob = await _nodeB.ConnectAsync("bob");
        await using var dave = await _nodeB.ConnectIrcAsync("dave");
        await dave.JoinAsync("#lobby");
        await BothSubscribedAsync("lobby");
        const int Lines = 25; // under flood control's burst

        await Task.WhenAll(SayAsync(alice, "a"), SayAsync(bob, "b"));
        var carolSaw = new List<string>();
        var daveSaw = new List<string>();
        while (carolSaw.Count < 2 * Lines)
        {
            carolSaw.Add(await carol.NextChatAsync());
        }

        while (daveSaw.Count < 2 * Lines)
        {
            var line = await dave.ExpectAsync("PRIVMSG");
            daveSaw.Add($"[{line.SourceNick}] {line.Last}");
        }

        Assert.Equal(carolSaw, daveSaw);

        // Each sender's order holds within the one order, and nothing is doubled.
        Assert.Equal(Enumerable.Range(0, Lines).Select(i => $"[alice] a{i}"), carolSaw.Where(l => l.StartsWith("[alice]", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(0, Lines).Select(i => $"[bob] b{i}"), carolSaw.Where(l => l.StartsWith("[bob]", StringComparison.Ordinal)));
        Assert.Empty(await dave.SyncAsync());

        static async Task SayAsync(LineClient sender, string prefix)
        {
            for (var i = 0; i < Lines; i++)
            {
                await sender.SendAsync($"{prefix}{i}");
            }
        }
    }

    [Fact]
    public async Task An_echo_in_a_cluster_carries_its_commands_label_and_a_refused_message_its_error()
    {
        await using var irene = await _nodeA.ConnectIrcAsync("irene", "echo-message", "labeled-response", "batch", "message-tags");
        await irene.JoinAsync("#dev");
        await using var bob = await _nodeB.ConnectIrcAsync("bob");
        await bob.JoinAsync("#dev");
        await BothSubscribedAsync("dev");
        await irene.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "bob");

        // The echo is the labelled reply: no ACK before or after it.
        await irene.SendAsync("@label=m1 PRIVMSG #dev :labelled");
        var echo = await irene.NextAsync();
        Assert.True(echo.Is("PRIVMSG"), echo.ToString());
        Assert.Equal(("m1", "irene", "labelled"), (echo.Tags["label"], echo.SourceNick, echo.Last));
        Assert.Equal("labelled", (await bob.ExpectAsync("PRIVMSG")).Last);
        Assert.Empty(await irene.SyncAsync());

        // A message refused carries the label on its error instead.
        await irene.SendAsync("@label=m2 PRIVMSG #nowhere :lost");
        var error = await irene.NextAsync();
        Assert.True(error.Is("401") || error.Is("403"), error.ToString());
        Assert.Equal("m2", error.Tags["label"]);
        Assert.Empty(await irene.SyncAsync());
    }

    [Fact]
    public async Task An_account_registered_on_one_node_logs_in_on_the_other_and_is_not_registered_again_there()
    {
        // alice registers her account from IRC on node a, which node b did not load at its start.
        await using (await RegisteredIrcAsync(_nodeA, "alice"))
        {
        }

        // Node b reads it from PostgreSQL as she logs in there: SASL PLAIN, and SCRAM-SHA-256.
        await using var laptop = await SaslClients.LoggedInAsync(_nodeB, "laptop", "alice");
        await using var phone = await IrcClient.ConnectAsync(_nodeB.IrcEndPoint);
        await phone.SendAsync("CAP REQ :sasl");
        await phone.ExpectAsync("CAP");
        await phone.SendAsync("NICK phone");
        await phone.SendAsync("USER phone 0 * :phone");
        await phone.SendAsync("AUTHENTICATE SCRAM-SHA-256");
        await phone.ExpectAsync("AUTHENTICATE");
        var scram = new TestScramClient("alice", AccountSettings.Password);
        await phone.SendAsync("AUTHENTICATE " + TestScramClient.Base64(scram.ClientFirst));
        var serverFirst = TestScramClient.Decode((await phone.ExpectAsync("AUTHENTICATE"))[0]);
        await phone.SendAsync("AUTHENTICATE " + TestScramClient.Base64(scram.ClientFinal(serverFirst)));
        Assert.True(scram.IsServerAuthentic(TestScramClient.Decode((await phone.ExpectAsync("AUTHENTICATE"))[0])));
        await phone.SendAsync("AUTHENTICATE +");
        Assert.Equal("alice", (await phone.ExpectAsync("900"))[2]);
        await phone.ExpectAsync("903");

        // Her name is taken on node b too: REGISTER there is refused, and her password stands.
        await using var mallory = await _nodeB.ConnectIrcAsync("mallory");
        await WaitForAsync(async () =>
        {
            await mallory.SendAsync("NICK alice");
            return (await mallory.ExpectAsync(l => l.Is("NICK") || l.Is("433"), allowErrors: true)).Is("NICK");
        });
        await mallory.SendAsync("REGISTER * * :another password entirely");
        Assert.Equal(["REGISTER", "ACCOUNT_EXISTS", "alice"], (await mallory.ExpectAsync("FAIL")).Parameters.Take(3));
        Assert.Equal(1L, (long)(await _postgres.ScalarAsync(_database, "SELECT count(*) FROM piazza.accounts"))!);
        await using var desk = await SaslClients.LoggedInAsync(_nodeA, "desk", "alice");
        Assert.Empty(await desk.SyncAsync());
        Assert.Empty(await laptop.SyncAsync());
    }

    [Fact]
    public async Task A_room_registered_on_one_node_is_registered_on_both()
    {
        // alice registers #club on node a and sets its modes; bob, logged in on node b, joins with the key.
        await using var alice = await RegisteredIrcAsync(_nodeA, "alice");
        await using (await RegisteredIrcAsync(_nodeA, "bob"))
        {
        }

        await using var bob = await SaslClients.LoggedInAsync(_nodeB, "bobby", "bob");
        await alice.JoinAsync("#club");
        Assert.StartsWith("Channel #club successfully registered", await AskOneAsync(alice, "CS REGISTER #club"), StringComparison.Ordinal);
        await alice.SendAsync("MODE #club +mk sesame");
        await alice.ExpectAsync("MODE");
        Assert.Equal(["@alice", "bobby"], NamesOf(await bob.JoinAsync("#club", "sesame")));
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "bobby");

        // She gives bob's account operator: his node holds it, as ChanServ tells him there. (He may
        // see +mk first, hers or ChanServ's: his node may have asked the room's grain before her
        // change reached it, and then is told it live or as it subscribes.)
        await alice.SendAsync("MODE #club +o bobby");
        await alice.ExpectAsync("MODE");
        Assert.Equal(("alice", "+o", "bobby"), Mode(await bob.ExpectAsync(l => l.Is("MODE") && l[1] == "+o")));
        var info = await AskAsync(bob, "CS INFO #club");
        Assert.Equal(["*** #club ***", "Founder: alice"], info.Take(2));
        Assert.Equal("Operators: bob", info[^1]);

        // Its last member on node b leaves: the room stays there, registered.
        await bob.SendAsync("PART #club");
        await bob.ExpectAsync("PART");
        await alice.ExpectAsync(l => l.Is("PART") && l.SourceNick == "bobby");
        Assert.True(_nodeB.Hub.FindRoom("club")?.IsRegistered);

        // He comes back without the key: ChanServ makes him operator on his node, and alice sees it.
        // (His node dropped the other nodes' members when he left. When the room's grain answers
        // his join late, over ViewTimeout on a loaded machine, alice is shown joining after it,
        // with the +o ChanServ gave her account: then he sees both before her next change.)
        var joined = NamesOf(await bob.JoinAsync("#club"));
        Assert.Contains("@bobby", joined);
        var opped = new List<(string?, string, string)>();
        while (opped.Count < (joined.Contains("@alice") ? 1 : 2))
        {
            var line = await bob.ExpectAsync(l => l.Is("MODE") || (l.Is("JOIN") && l.SourceNick == "alice"));
            if (line.Is("MODE"))
            {
                opped.Add(Mode(line));
            }
        }

        Assert.Contains(("ChanServ", "+o", "bobby"), opped);
        Assert.All(opped, mode => Assert.True(mode is ("ChanServ", "+o", "bobby") or ("ChanServ", "+o", "alice"), mode.ToString()));
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "bobby");
        Assert.Equal(("ChanServ", "+o", "bobby"), Mode(await alice.ExpectAsync("MODE")));

        // She takes his account off the list again: both nodes forget it. Nothing came between on
        // his node: no second join of alice's with ChanServ's +o after his NAMES had @alice (the
        // roster that answered his node's subscription queued by his part, delivered as his join
        // entered: CI at cc23c58; ChatHubClusterTests has that race step by step).
        await alice.SendAsync("MODE #club -o bobby");
        await alice.ExpectAsync("MODE");
        var taken = await bob.ExpectAsync(l => l.Is("MODE") || l.Is("JOIN"));
        Assert.True(taken.Is("MODE"), taken.Raw);
        Assert.Equal(("alice", "-o", "bobby"), Mode(taken));
        Assert.DoesNotContain(await AskAsync(bob, "CS INFO #club"), l => l.StartsWith("Operators", StringComparison.Ordinal));

        // A room registered on node a that node b has never had is known there when ChanServ is asked.
        await alice.JoinAsync("#den");
        await AskOneAsync(alice, "CS REGISTER #den");
        await using var carol = await _nodeB.ConnectIrcAsync("carol");
        await WaitForAsync(async () => (await AskAsync(carol, "CS INFO #den")).Contains("Founder: alice"));

        // Unregistered on node a: no longer on node b, and the room closes there with its last member.
        Assert.Equal("Channel #club successfully unregistered", await AskOneAsync(alice, "CS UNREGISTER #club"));
        await alice.SendAsync("PRIVMSG #club :an ordinary room now");
        Assert.Equal("an ordinary room now", (await bob.ExpectAsync("PRIVMSG")).Last);
        Assert.Equal("Channel #club is not registered", await AskOneAsync(bob, "CS INFO #club"));
        await bob.SendAsync("PART #club");
        await bob.ExpectAsync("PART");
        Assert.Null(_nodeB.Hub.FindRoom("club"));
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.IsError);
        Assert.Empty(await carol.SyncAsync());

        static (string?, string, string) Mode(IrcLine line) => (line.SourceNick, line[1], line[2]);
    }

    /// <summary>How many times the history holds a message with <paramref name="text"/>, committed.</summary>
    private async Task<long> StoredAsync(string text) =>
        (long)(await _postgres.ScalarAsync(_database, $"SELECT count(*) FROM piazza.messages WHERE text = '{text}'"))!;

    [Fact]
    public async Task Healthz_on_a_node_shows_its_part_in_the_cluster()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");
        await _nodeA.Services.GetRequiredService<ClusterNode>().WhenSubscribedAsync("lobby", CancellationToken.None).WaitAsync(TestServer.Timeout);
        using var probe = new HealthProbe(_nodeA.HttpEndPoint);

        // Node a learns that b joined from b's gossip or its next look at the membership table;
        // alice's join and nick change may still be on their way to the room's grain (the outbox).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        JsonNode cluster;
        while (true)
        {
            var (status, body) = await probe.GetAsync();
            Assert.Equal(HttpStatusCode.OK, status);
            cluster = body["cluster"]!;
            if (((int?)cluster["activeNodes"] == 2 && (int?)cluster["outbox"] == 0) || clock.Elapsed > TestServer.Timeout)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal("a", (string?)cluster["node"]);
        Assert.Equal(2, (int?)cluster["activeNodes"]);
        Assert.Equal(1, (int?)cluster["subscribedRooms"]);
        Assert.Equal(0, (int?)cluster["remoteMembers"]);
        Assert.Equal(0, (int?)cluster["outbox"]);
        Assert.Equal(0L, (long?)cluster["dropped"]);
    }

    /// <summary>The topic of #dev as <paramref name="client"/>'s node says it (TOPIC #dev: 332, or 331 for none).</summary>
    private static async Task<string?> TopicOnAsync(IrcClient client)
    {
        await client.SendAsync("TOPIC #dev");
        var answer = await client.ExpectAsync(l => l.Is("332") || l.Is("331"));
        return answer.Is("332") ? answer.Last : null;
    }

    /// <summary>Asks again until <paramref name="done"/> says yes: a claim given up on one node is freed on its nick's grain a moment later.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(clock.Elapsed < TestServer.Timeout, "not within the timeout");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private async Task BothSubscribedAsync(string room)
    {
        foreach (var node in new[] { _nodeA, _nodeB })
        {
            await node.Services.GetRequiredService<ClusterNode>().WhenSubscribedAsync(room, CancellationToken.None).WaitAsync(TestServer.Timeout);
        }
    }

    private Task<TestServer> StartNodeAsync(string cluster, string name) => TestServer.StartAsync(
        [.. TestServer.ClusterNodeSettings(cluster, name, _redis.ConnectionString, _postgres.ConnectionString(_database)), .. AccountSettings.Fast]);
}
