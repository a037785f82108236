using Piazza.Core;
using Piazza.Core.Cluster;

namespace Piazza.Core.Tests;

/// <summary>
/// <see cref="ChatHub"/> as a node of a cluster: what it hands its <see cref="IClusterLink"/> and
/// what it does with a message from another node. Two hubs joined by a link that hands messages
/// straight over stand for two nodes (the Orleans path is tested end to end in Piazza.Server.Tests).
/// </summary>
public class ChatHubClusterTests
{
    private readonly ChatHub _nodeA = TestChat.NewHub();
    private readonly ChatHub _nodeB = TestChat.NewHub();
    private readonly DirectLink _linkA;
    private readonly DirectLink _linkB;

    public ChatHubClusterTests()
    {
        _linkA = new DirectLink(() => _nodeB);
        _linkB = new DirectLink(() => _nodeA);
        _nodeA.AttachCluster(_linkA);
        _nodeB.AttachCluster(_linkB);
    }

    [Fact]
    public void A_room_message_reaches_the_other_nodes_members_as_the_sender_sent_it()
    {
        var alice = _nodeA.ConnectAs("alice", user: "~al", host: "10.0.0.1");
        var bob = _nodeB.ConnectAs("bob");
        var carol = _nodeA.ConnectAs("carol");
        _nodeA.JoinOk(alice, "dev");
        _nodeA.JoinOk(carol, "dev");
        _nodeB.JoinOk(bob, "dev");
        TestChat.ClearAll(alice, bob, carol);

        var room = _nodeA.Rooms.Single(r => r.Name == "dev");
        Assert.Equal(ChatError.None, _nodeA.SendToRoom(alice.Member, room, "hello both nodes", MessageStyle.Action, out var said));

        var seen = bob.Sink.Single();
        Assert.Equal(ChatEventKind.Message, seen.Kind);
        Assert.Equal("hello both nodes", seen.Text);
        Assert.Equal(MessageStyle.Action, seen.Style);
        Assert.Equal("alice", seen.SourceNick);
        Assert.Equal("~al", seen.Source.User);
        Assert.Equal("10.0.0.1", seen.Source.Host);
        Assert.Equal("dev", seen.RoomName);
        Assert.Equal(said!.MessageId, seen.MessageId);

        // The origin's members got it once, from the origin; the sender not at all.
        Assert.Same(said, carol.Sink.Single());
        Assert.Empty(alice.Sink.Events);
        Assert.Single(_linkA.Published);
        Assert.Empty(_linkB.Published);
    }

    [Fact]
    public void A_plain_client_without_a_nick_is_named_by_its_address_on_the_other_node_too()
    {
        var plain = _nodeA.Connect(); // in the lobby, no nick chosen
        var bob = _nodeB.Connect("bob");

        Assert.Equal(ChatError.None, _nodeA.Say(plain.Member, "hi", action: false, out _));

        var seen = bob.Sink.Single();
        Assert.Equal(plain.Member.Address, seen.SourceName);
        Assert.Equal(_nodeB.DefaultRoom, seen.Room);
    }

    [Fact]
    public void A_node_without_members_in_the_room_drops_its_messages_and_makes_no_room()
    {
        var alice = _nodeA.ConnectAs("alice");
        var room = _nodeA.JoinOk(alice, "quiet");

        Assert.Equal(ChatError.None, _nodeA.SendToRoom(alice.Member, room, "anyone?", MessageStyle.Text, out _));

        Assert.DoesNotContain(_nodeB.Rooms, r => r.Name == "quiet");
    }

    [Fact]
    public void Multiline_messages_and_client_tags_cross_whole()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        var room = _nodeA.JoinOk(alice, "dev");
        _nodeB.JoinOk(bob, "dev");
        bob.Sink.Clear();
        MessageLine[] lines = [new("one", false), new("two", true)];

        Assert.Equal(ChatError.None, _nodeA.SendLinesToRoom(alice.Member, room, lines, MessageStyle.Text, new MessageExtras([new("+draft/reply", "abc")], OneLine: false), out _));

        var seen = bob.Sink.Single();
        Assert.Equal(lines, seen.Lines);
        Assert.Equal([new KeyValuePair<string, string>("+draft/reply", "abc")], seen.Tags);
    }

    [Fact]
    public void Status_messages_stay_on_their_node()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        var room = _nodeA.JoinOk(alice, "dev"); // alice is its operator here
        var bobsRoom = _nodeB.JoinOk(bob, "dev");
        Assert.True(bobsRoom.IsOperator(bob.Member));
        bob.Sink.Clear();

        Assert.Equal(ChatError.None, _nodeA.SendToRoomStatus(alice.Member, room, RoomAudience.Operators, "ops only", MessageStyle.Text, out _));

        Assert.Empty(bob.Sink.Events);
        Assert.Empty(_linkA.Published);
    }

    [Fact]
    public void The_link_hears_when_a_room_gains_its_first_member_here_and_loses_its_last()
    {
        var alice = _nodeA.ConnectAs("alice");
        var carol = _nodeA.ConnectAs("carol");

        _nodeA.JoinOk(alice, "dev");
        _nodeA.JoinOk(carol, "dev");
        Assert.Equal(["dev"], _linkA.Occupied);
        Assert.Contains("dev", _nodeA.OccupiedRoomNames);

        Assert.Equal(ChatError.None, _nodeA.Part(alice.Member, "dev", out _));
        Assert.Empty(_linkA.Vacated);
        _nodeA.Disconnect(carol.Member, "bye");
        Assert.Equal(["dev"], _linkA.Vacated);
        Assert.DoesNotContain("dev", _nodeA.OccupiedRoomNames);
    }

    [Fact]
    public void A_hub_is_a_node_of_one_cluster_only()
    {
        Assert.Throws<InvalidOperationException>(() => _nodeA.AttachCluster(new DirectLink(() => _nodeB)));
    }

    /// <summary>Hands every published message straight to the other hub, and records what the hub told it.</summary>
    private sealed class DirectLink(Func<ChatHub> other) : IClusterLink
    {
        public List<NodeMessage> Published { get; } = [];

        public List<string> Occupied { get; } = [];

        public List<string> Vacated { get; } = [];

        public void Publish(NodeMessage message)
        {
            Published.Add(message);
            other().DeliverFromNode(message);
        }

        public void RoomOccupied(string roomName) => Occupied.Add(roomName);

        public void RoomVacated(string roomName) => Vacated.Add(roomName);
    }
}
