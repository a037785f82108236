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
}
