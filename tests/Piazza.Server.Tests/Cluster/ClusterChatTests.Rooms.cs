using Piazza.Testing;

namespace Piazza.Server.Tests.Cluster;

/// <summary>Rooms across the two nodes: who becomes a new room's operator, and renames.</summary>
public sealed partial class ClusterChatTests
{
    [Fact]
    public async Task Two_first_joins_of_a_new_room_on_two_nodes_at_once_make_one_operator()
    {
        await using var alice = await _nodeA.ConnectIrcAsync("alice");
        await using var bob = await _nodeB.ConnectIrcAsync("bob");
        for (var round = 0; round < 8; round++)
        {
            // Both nodes ask the room's grain at the same moment, each with no member in the room.
            var room = $"#race{round}";
            await Task.WhenAll(alice.JoinAsync(room), bob.JoinAsync(room));

            // Once each node shows both members, both show the same one operator.
            var names = await Task.WhenAll(NamesOnceBothAsync(alice, room), NamesOnceBothAsync(bob, room));
            Assert.Equal(names[0], names[1]);
            Assert.Single(names[0], n => n.StartsWith('@'));
        }

        Assert.DoesNotContain(await alice.SyncAsync(), l => l.IsError);
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.IsError);
    }

    /// <summary>The room's NAMES on <paramref name="client"/>'s node once it shows two members (the other node's join may come a moment later).</summary>
    private static async Task<string[]> NamesOnceBothAsync(IrcClient client, string room)
    {
        string[] names = [];
        await WaitForAsync(async () =>
        {
            await client.SendAsync("NAMES " + room);
            names = NamesOf(await client.ReadUntilAsync(l => l.Is("366")));
            return names.Length == 2;
        });

        return names;
    }

    [Fact]
    public async Task A_room_renamed_on_one_node_is_renamed_on_both_with_its_members_modes_topic_and_history()
    {
        await using var alice = await _nodeA.ConnectIrcAsync("alice", "draft/channel-rename");
        Assert.Equal(["@alice"], NamesOf(await alice.JoinAsync("#old")));
        await using var bob = await _nodeB.ConnectIrcAsync("bob", "draft/channel-rename");
        await bob.JoinAsync("#old");
        await using var carol = await _nodeB.ConnectIrcAsync("carol");
        await carol.JoinAsync("#old");
        await using var erin = await _nodeB.ConnectAsync("erin");
        await erin.SendAsync("/join old");
        await erin.ExpectAsync(l => l.StartsWith("* you are in old", StringComparison.Ordinal));
        foreach (var nick in new[] { "bob", "carol", "erin" })
        {
            await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == nick);
        }

        // The room's topic, a ban and +i, set on node a, and a line said there: all seen on node b.
        await alice.SendAsync("TOPIC #old :plans");
        await alice.SendAsync("MODE #old +b mallory!*@*");
        await alice.SendAsync("MODE #old +i");
        await alice.SendAsync("PRIVMSG #old :said before the rename");
        await bob.ExpectAsync("TOPIC");
        await bob.ExpectAsync("MODE");
        await bob.ExpectAsync("MODE");
        await bob.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == "said before the rename");

        await alice.SendAsync("RENAME #old #new :tidier");

        Assert.Equal(["#old", "#new", "tidier"], (await alice.ExpectAsync("RENAME")).Parameters);
        var renamed = await bob.ExpectAsync("RENAME");
        Assert.Equal(("alice", "#old", "#new", "tidier"), (renamed.SourceNick, renamed[0], renamed[1], renamed.Last));
        List<IrcLine> fallback = [await carol.ExpectAsync("PART"), .. await carol.ReadUntilAsync(l => l.Is("366"))];
        Assert.Equal(["PART", "JOIN", "332", "333", "353", "366"], fallback.Select(l => l.Command));
        Assert.Equal(("#old", "#new", "plans"), (fallback[0][0], fallback[1][0], fallback[2].Last));
        Assert.Equal("* alice renamed room old to new (tidier)", await erin.ExpectAsync(l => l.Contains("renamed", StringComparison.Ordinal)));

        // Node b has the room under its new name, whole: members, operator, topic, modes, bans.
        await bob.SendAsync("NAMES #new");
        Assert.Equal(["@alice", "bob", "carol", "erin"], NamesOf(await bob.ReadUntilAsync(l => l.Is("366"))));
        await bob.SendAsync("TOPIC #new");
        Assert.Equal("plans", (await bob.ExpectAsync("332")).Last);
        await bob.SendAsync("MODE #new");
        Assert.Contains('i', (await bob.ExpectAsync("324"))[2]);
        await bob.SendAsync("MODE #new +b");
        Assert.Equal("mallory!*@*", (await bob.ExpectAsync("367"))[2]);
        await bob.ExpectAsync("368");

        // The conversation goes on under the new name, both ways.
        await bob.SendAsync("PRIVMSG #new :said after");
        var relayed = await alice.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == "said after");
        Assert.Equal(("bob", "#new"), (relayed.SourceNick, relayed[0]));
        await alice.SendAsync("PRIVMSG #new :and more");
        Assert.Equal("#new", (await bob.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == "and more"))[0]);
        Assert.Equal("[alice@new] and more", await erin.ExpectAsync(l => l.EndsWith("and more", StringComparison.Ordinal)));

        // The history moved once, by node a: node b reads it under the new name.
        Assert.Equal(1L, await _postgres.ScalarAsync(_database, "SELECT count(*) FROM piazza.messages WHERE text = 'said before the rename' AND room = 'new'"));
        Assert.Equal(0L, await _postgres.ScalarAsync(_database, "SELECT count(*) FROM piazza.messages WHERE room = 'old'"));
        await erin.SendAsync("/history");
        var header = await erin.ExpectAsync(l => l.StartsWith("* history of new", StringComparison.Ordinal));
        var count = int.Parse(header.Split('(', ' ')[^2], System.Globalization.CultureInfo.InvariantCulture);
        var history = new List<string>();
        for (var i = 0; i < count; i++)
        {
            history.Add(await erin.NextAsync());
        }

        Assert.Single(history, l => l.EndsWith("[alice] said before the rename", StringComparison.Ordinal));
        Assert.Single(history, l => l.EndsWith("[bob] said after", StringComparison.Ordinal));

        // The old name is free on both nodes: a join makes a new room.
        await using var dave = await _nodeB.ConnectIrcAsync("dave");
        Assert.Equal(["@dave"], NamesOf(await dave.JoinAsync("#old")));
        foreach (var client in new[] { alice, bob, carol, dave })
        {
            Assert.DoesNotContain(await client.SyncAsync(), l => l.IsError);
        }
    }

    [Fact]
    public async Task A_rename_to_a_name_in_use_on_the_other_node_is_refused()
    {
        await using var frank = await _nodeA.ConnectIrcAsync("frank", "draft/channel-rename");
        await frank.JoinAsync("#taken");
        await frank.JoinAsync("#mine");

        // On node b, the name node a's room has is refused, as a room of its own would be.
        await using var grace = await _nodeB.ConnectAsync("grace");
        await grace.SendAsync("/join solo");
        await grace.ExpectAsync("* you are in solo; nobody else is here");
        await grace.SendAsync("/rename taken");
        Assert.Equal("! there is a room called taken already", await grace.ExpectAsync(l => l.StartsWith("! ", StringComparison.Ordinal), allowErrors: true));

        // And on node a, IRC's RENAME to the name node b's room has.
        await frank.SendAsync("RENAME #mine #solo");
        var fail = await frank.ExpectAsync("FAIL", allowErrors: true);
        Assert.Equal(["RENAME", "CHANNEL_NAME_IN_USE", "#mine", "#solo"], fail.Parameters.Take(4));

        // A free name is taken on both: node a's frank joining it finds grace there.
        await grace.SendAsync("/rename free");
        await grace.ExpectAsync("* you renamed solo to free");
        Assert.Equal(["@grace", "frank"], NamesOf(await frank.JoinAsync("#free")));
        Assert.DoesNotContain(await frank.SyncAsync(), l => l.IsError);
    }
}
