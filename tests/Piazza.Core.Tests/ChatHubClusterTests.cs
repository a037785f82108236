using Piazza.Core;
using Piazza.Core.Cluster;
using Piazza.Core.History;

namespace Piazza.Core.Tests;

/// <summary>
/// <see cref="ChatHub"/> as a node of a cluster: what it hands its <see cref="IClusterLink"/> and
/// what it does with a message from another node. Two hubs joined by a link that hands messages
/// straight over stand for two nodes (the Orleans path is tested end to end in Piazza.Server.Tests).
/// </summary>
public partial class ChatHubClusterTests
{
    private readonly ChatHub _nodeA = TestChat.NewHub();
    private readonly ChatHub _nodeB = TestChat.NewHub();
    private readonly DirectLink _linkA;
    private readonly DirectLink _linkB;

    public ChatHubClusterTests()
    {
        _linkA = new DirectLink("a", () => _nodeA, () => _nodeB);
        _linkB = new DirectLink("b", () => _nodeB, () => _nodeA);
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
    public async Task A_room_message_is_shown_on_its_own_node_only_once_the_cluster_placed_it()
    {
        var alice = _nodeA.ConnectAs("alice");
        var carol = _nodeA.ConnectAs("carol");
        var erin = _nodeA.ConnectAs("erin");
        var bob = _nodeB.ConnectAs("bob");
        var room = _nodeA.JoinOk(alice, "dev");
        _nodeA.JoinOk(carol, "dev");
        _nodeA.JoinOk(erin, "dev");
        _nodeB.JoinOk(bob, "dev");
        TestChat.ClearAll(alice, bob, carol, erin);
        _linkA.Holds = true;

        Assert.Equal(ChatError.None, _nodeA.SendToRoom(alice.Member, room, "placed first?", MessageStyle.Text, new MessageExtras([], OneLine: true) { ReplyLabel = "L1" }, out var said));

        // Held: no one here or there has it, and its sender's session waits.
        Assert.Empty(carol.Sink.Events);
        Assert.Empty(bob.Sink.Events);
        var shown = _nodeA.WhenShownAsync(said!);
        Assert.False(shown.IsCompleted);
        Assert.Equal(1, _nodeA.HeldMessageCount);

        // Meanwhile dave joins (the history's replay gives it to him) and erin leaves.
        var dave = _nodeA.ConnectAs("dave");
        _nodeA.JoinOk(dave, "dev");
        Assert.Equal(ChatError.None, _nodeA.Part(erin.Member, "dev", out _));
        TestChat.ClearAll(bob, carol, dave, erin);

        _linkA.Place(0);

        Assert.Same(said, carol.Sink.Single());
        Assert.Equal("placed first?", bob.Sink.Single().Text);
        Assert.Empty(dave.Sink.Events);
        Assert.Empty(erin.Sink.Events);
        Assert.DoesNotContain(alice.Sink.Events, e => e.Kind == ChatEventKind.Message);
        Assert.Equal([(said!, (string?)"L1")], alice.Sink.ShownOwn);
        await shown.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(await _nodeA.WaitShownAsync(said!));
        Assert.Equal(0, _nodeA.HeldMessageCount);

        // Placing it again (a batch sent twice) shows nothing twice.
        _nodeA.ShowHeld(said!.MessageId);
        Assert.Single(carol.Sink.Events);
        Assert.Single(alice.Sink.ShownOwn);
    }

    [Fact]
    public void Two_nodes_messages_are_shown_on_both_in_the_order_the_cluster_places_them()
    {
        var alice = _nodeA.ConnectAs("alice");
        var carol = _nodeA.ConnectAs("carol");
        var bob = _nodeB.ConnectAs("bob");
        var dan = _nodeB.ConnectAs("dan");
        var roomA = _nodeA.JoinOk(alice, "dev");
        _nodeA.JoinOk(carol, "dev");
        var roomB = _nodeB.JoinOk(bob, "dev");
        _nodeB.JoinOk(dan, "dev");
        TestChat.ClearAll(alice, bob, carol, dan);
        _linkA.Holds = true;
        _linkB.Holds = true;

        // alice spoke first on her node, bob on his; the cluster places bob's first.
        Assert.Equal(ChatError.None, _nodeA.SendToRoom(alice.Member, roomA, "from a", MessageStyle.Text, out _));
        Assert.Equal(ChatError.None, _nodeB.SendToRoom(bob.Member, roomB, "from b", MessageStyle.Text, out _));
        _linkB.Place(0);
        _linkA.Place(0);

        Assert.Equal(["from b", "from a"], carol.Sink.Events.Select(e => e.Text));
        Assert.Equal(["from b", "from a"], dan.Sink.Events.Select(e => e.Text));
    }

    [Fact]
    public void A_message_the_shared_history_cannot_take_is_refused_and_shown_to_no_one()
    {
        var store = new RefusingStore();
        var node = new ChatHub(new ChatOptions(), TimeProvider.System, store);
        var link = new DirectLink("c", () => node, () => _nodeB);
        node.AttachCluster(link);
        var alice = node.ConnectAs("alice");
        var carol = node.ConnectAs("carol");
        var room = node.JoinOk(alice, "dev");
        node.JoinOk(carol, "dev");
        TestChat.ClearAll(alice, carol);

        store.Refuse = true;
        Assert.Equal(ChatError.NotStored, node.SendToRoom(alice.Member, room, "lost?", MessageStyle.Text, out var said));

        Assert.Null(said);
        Assert.Empty(carol.Sink.Events);
        Assert.DoesNotContain(link.Published, m => m.Text == "lost?");
        Assert.Equal(0, node.HeldMessageCount);

        store.Refuse = false;
        Assert.Equal(ChatError.None, node.SendToRoom(alice.Member, room, "stored", MessageStyle.Text, out _));
        Assert.Equal("stored", carol.Sink.Single().Text);
    }

    [Fact]
    public void A_single_server_shows_a_message_at_once()
    {
        var hub = TestChat.NewHub();
        var alice = hub.ConnectAs("alice");
        var room = hub.JoinOk(alice, "dev");

        Assert.Equal(ChatError.None, hub.SendToRoom(alice.Member, room, "hi", MessageStyle.Text, out var said));

        Assert.True(hub.WhenShownAsync(said!).IsCompletedSuccessfully);
        Assert.Empty(alice.Sink.ShownOwn);
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
        var room = _nodeA.JoinOk(alice, "dev"); // alice is its operator
        var bobsRoom = _nodeB.JoinOk(bob, "dev");
        Assert.Equal(ChatError.None, _nodeA.SetModes(alice.Member, room, [new ModeChange(true, 'o', "bob")], out _, out _));
        Assert.True(bobsRoom.IsOperator(bob.Member)); // an operator on his node too
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
        Assert.Contains("dev", _nodeA.FollowedRoomNames);

        Assert.Equal(ChatError.None, _nodeA.Part(alice.Member, "dev", out _));
        Assert.Empty(_linkA.Vacated);
        _nodeA.Disconnect(carol.Member, "bye");
        Assert.Equal(["dev"], _linkA.Vacated);
        Assert.DoesNotContain("dev", _nodeA.FollowedRoomNames);
    }

    [Fact]
    public void A_hub_is_a_node_of_one_cluster_only()
    {
        Assert.Throws<InvalidOperationException>(() => _nodeA.AttachCluster(new DirectLink("c", () => _nodeA, () => _nodeB)));
    }

    [Fact]
    public void The_other_nodes_members_are_in_the_room_and_their_joins_are_seen()
    {
        var alice = _nodeA.ConnectAs("alice", user: "~al", host: "10.0.0.1");
        var bob = _nodeB.ConnectAs("bob");
        var roomA = _nodeA.JoinOk(alice, "dev");
        alice.Sink.Clear();

        var roomB = _nodeB.JoinOk(bob, "dev");

        // bob's node learned alice as it took the room; alice sees bob join, once.
        var aliceThere = Assert.Single(roomB.Members, m => m.Nick == "alice");
        Assert.Equal("a", aliceThere.Node);
        Assert.Equal("~al", aliceThere.User);
        Assert.Equal("10.0.0.1", aliceThere.Host);
        Assert.True(roomB.IsOperator(aliceThere)); // she made the room on her node
        var joined = Assert.Single(alice.Sink.Events);
        Assert.Equal(ChatEventKind.Join, joined.Kind);
        Assert.Equal("bob", joined.SourceNick);
        Assert.Equal(["alice", "bob"], roomA.Members.Select(m => m.Nick).Order());
        Assert.Equal(2, roomA.Count);
        Assert.Equal(1, roomA.LocalCount);
        Assert.Equal("b", roomA.Members.Single(m => m.Nick == "bob").Node);
    }

    [Fact]
    public void A_remote_members_part_kick_and_nick_change_are_seen_here()
    {
        var alice = _nodeA.ConnectAs("alice");
        var carol = _nodeA.ConnectAs("carol");
        var bob = _nodeB.ConnectAs("bob");
        var roomA = _nodeA.JoinOk(alice, "dev");
        _nodeA.JoinOk(carol, "dev");
        _nodeB.JoinOk(bob, "dev");
        TestChat.ClearAll(alice, carol, bob);

        Assert.Equal(ChatError.None, _nodeB.ChangeNick(bob.Member, "bobby", out _));
        var renamed = Assert.Single(alice.Sink.Events);
        Assert.Equal((ChatEventKind.NickChange, "bob", "bobby"), (renamed.Kind, renamed.SourceNick, renamed.Text));
        Assert.Contains(roomA.Members, m => m.Nick == "bobby");

        Assert.Equal(ChatError.None, _nodeB.Part(bob.Member, "dev", "lunch", out _, out _));
        var parted = alice.Sink.Events[^1];
        Assert.Equal((ChatEventKind.Part, "bobby", "lunch"), (parted.Kind, parted.SourceNick, parted.Text));
        Assert.DoesNotContain(roomA.Members, m => m.Node is not null);

        // alice (operator on A) kicks carol: B's bob, back in, sees the kick by alice.
        _nodeB.JoinOk(bob, "dev");
        bob.Sink.Clear();
        Assert.Equal(ChatError.None, _nodeA.Kick(alice.Member, roomA, "carol", "enough", out _));
        var kicked = bob.Sink.Single();
        Assert.Equal((ChatEventKind.Kick, "alice", "carol", "enough"), (kicked.Kind, kicked.SourceNick, kicked.TargetNick, kicked.Text));
        Assert.DoesNotContain(_nodeB.FindRoom("dev")!.Members, m => m.Nick == "carol");
        Assert.Equal(1, _nodeB.RemoteMemberCount); // alice only
    }

    [Fact]
    public void A_remote_quit_is_seen_once_by_who_shared_two_rooms_with_it()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        _nodeA.JoinOk(alice, "one");
        _nodeA.JoinOk(alice, "two");
        _nodeB.JoinOk(bob, "one");
        _nodeB.JoinOk(bob, "two");
        alice.Sink.Clear();

        _nodeB.Disconnect(bob.Member, "gone home");

        var quit = Assert.Single(alice.Sink.Events);
        Assert.Equal((ChatEventKind.Quit, "bob", "gone home"), (quit.Kind, quit.SourceNick, quit.Text));
        Assert.Equal(0, _nodeA.RemoteMemberCount);
    }

    [Fact]
    public void A_lost_nodes_members_quit_and_nothing_it_reported_late_brings_them_back()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        var dave = _nodeB.ConnectAs("dave");
        var room = _nodeA.JoinOk(alice, "dev");
        _nodeB.JoinOk(bob, "dev");
        _nodeB.JoinOk(dave, "dev");
        alice.Sink.Clear();

        _nodeA.DropNode("b", "node lost");

        Assert.Equal(
            [(ChatEventKind.Quit, "bob", "node lost"), (ChatEventKind.Quit, "dave", "node lost")],
            alice.Sink.Events.Select(e => (e.Kind, e.SourceNick, e.Text)).Order());
        Assert.Equal(["alice"], room.Members.Select(m => m.Nick));
        Assert.Equal(0, _nodeA.RemoteMemberCount);

        _nodeA.ApplyFromNode("b", new NodeRosterChange("dev", ChatEventKind.Join, new NodeMember("b", 99, "late", true, "1.2.3.4:5", "1.2.3.4", "~l", string.Empty, null), string.Empty));
        _nodeA.SyncFromNodes("dev", null, [new NodeMember("b", 98, "ghost", true, "1.2.3.4:6", "1.2.3.4", "~g", string.Empty, null)], string.Empty);
        Assert.Equal(["alice"], room.Members.Select(m => m.Nick));
    }

    [Fact]
    public void A_sync_shows_the_difference_and_the_room_forgets_the_others_when_its_last_member_here_leaves()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        var room = _nodeA.JoinOk(alice, "dev");
        _nodeB.JoinOk(bob, "dev");
        alice.Sink.Clear();

        // What A missed: bob became "robert", erin came; a node "c" has frank.
        _nodeA.SyncFromNodes("dev", "b", [
            new NodeMember("b", bob.Member.Id, "robert", true, bob.Member.Address, bob.Member.Host, bob.Member.User, string.Empty, null),
            new NodeMember("b", 500, "erin", true, "10.0.0.5:1", "10.0.0.5", "~e", string.Empty, null),
            new NodeMember("c", 7, "frank", true, "10.0.0.7:1", "10.0.0.7", "~f", string.Empty, null),
        ], "resync");
        Assert.Equal(
            [(ChatEventKind.Join, "erin"), (ChatEventKind.NickChange, "bob")],
            alice.Sink.Events.Select(e => (e.Kind, e.SourceNick)).Order());
        Assert.Equal(["alice", "erin", "robert"], room.Members.Select(m => m.Nick).Order());

        alice.Sink.Clear();
        _nodeA.SyncFromNodes("dev", null, [], "resync");
        Assert.Equal([(ChatEventKind.Part, "erin", "resync"), (ChatEventKind.Part, "robert", "resync")], alice.Sink.Events.Select(e => (e.Kind, e.SourceNick, e.Text)).Order());

        _nodeA.SyncFromNodes("dev", null, [new NodeMember("c", 7, "frank", true, "10.0.0.7:1", "10.0.0.7", "~f", string.Empty, null)], string.Empty);
        Assert.Equal(1, _nodeA.RemoteMemberCount);
        Assert.Equal(ChatError.None, _nodeA.Part(alice.Member, "dev", out _));
        Assert.Equal(0, _nodeA.RemoteMemberCount);
        Assert.Null(_nodeA.FindRoom("dev"));
    }

    [Fact]
    public void A_single_server_keeps_no_roster_of_others_and_its_counts_are_its_own()
    {
        var hub = TestChat.NewHub();
        var alice = hub.ConnectAs("alice");
        var room = hub.JoinOk(alice, "dev");

        hub.ApplyFromNode("b", new NodeRosterChange("dev", ChatEventKind.Join, new NodeMember("b", 1, "bob", true, "1.2.3.4:5", "1.2.3.4", "~b", string.Empty, null), string.Empty));

        Assert.Equal(1, room.Count);
        Assert.Same(room.LocalMembers, room.Members);
    }

    [Fact]
    public void A_private_message_reaches_a_member_of_the_other_node_who_shares_a_room_here()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        _nodeA.JoinOk(alice, "dev");
        _nodeB.JoinOk(bob, "dev");
        TestChat.ClearAll(alice, bob);

        Assert.Equal(ChatError.None, _nodeA.SendPrivate(alice.Member, "BOB", "psst", MessageStyle.Text, out var target, out var sent));

        Assert.Equal("b", target!.Node);
        var seen = bob.Sink.Single();
        Assert.Equal((ChatEventKind.Private, "alice", "psst", "bob"), (seen.Kind, seen.SourceNick, seen.Text, seen.TargetNick));
        Assert.Equal(sent!.MessageId, seen.MessageId);
        Assert.Same(bob.Member, seen.Target);

        // And back: bob answers alice, whom his node knows from the room.
        Assert.Equal(ChatError.None, _nodeB.SendPrivate(bob.Member, "alice", "hi", out _));
        Assert.Equal("hi", alice.Sink.Single().Text);
    }

    [Fact]
    public async Task A_private_message_between_accounts_is_delivered_and_shown_to_its_sender_only_once_committed()
    {
        var store = new RefusingStore();
        var node = new ChatHub(new ChatOptions(), TimeProvider.System, store);
        var link = new DirectLink("c", () => node, () => _nodeB) { Holds = true };
        node.AttachCluster(link);
        var alice = LoggedIn(node, "alice");
        var carol = LoggedIn(node, "carol");
        var dave = node.ConnectAs("dave");
        TestChat.ClearAll(alice, carol, dave);

        Assert.Equal(ChatError.None, node.SendPrivate(alice.Member, "carol", "psst", MessageStyle.Text, new MessageExtras([], OneLine: true) { ReplyLabel = "L2" }, out _, out var sent));

        // Held for its commit: carol does not have it, alice's session waits for its echo.
        Assert.Empty(carol.Sink.Events);
        Assert.Empty(alice.Sink.ShownOwn);
        var shown = node.WhenShownAsync(sent!);
        Assert.False(shown.IsCompleted);
        Assert.Equal([sent!.MessageId], link.StoredHere);
        Assert.Empty(link.Published);

        node.ShowHeld(sent.MessageId);

        Assert.Same(sent, carol.Sink.Single());
        Assert.Equal([(sent, (string?)"L2")], alice.Sink.ShownOwn);
        await shown.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, node.HeldMessageCount);

        // To dave, who has no account, nothing is stored and nothing waits.
        Assert.Equal(ChatError.None, node.SendPrivate(alice.Member, "dave", "hi", MessageStyle.Text, out _, out var unkept));
        Assert.Same(unkept, dave.Sink.Single());
        Assert.True(node.WhenShownAsync(unkept!).IsCompleted);
        Assert.Single(link.StoredHere);

        // One the history cannot take is refused, and carol gets nothing.
        store.Refuse = true;
        Assert.Equal(ChatError.NotStored, node.SendPrivate(alice.Member, "carol", "lost?", MessageStyle.Text, out _, out var refused));
        Assert.Null(refused);
        Assert.Single(carol.Sink.Events);
        Assert.Single(link.StoredHere);
        Assert.Equal(0, node.HeldMessageCount);
    }

    [Fact]
    public void A_private_message_between_accounts_to_another_node_is_shown_to_its_sender_once_that_node_has_it()
    {
        var nodeD = new ChatHub(new ChatOptions(), TimeProvider.System, new InMemoryMessageStore());
        var nodeE = new ChatHub(new ChatOptions(), TimeProvider.System, new InMemoryMessageStore());
        var linkD = new DirectLink("a", () => nodeD, () => nodeE) { Holds = true };
        nodeD.AttachCluster(linkD);
        nodeE.AttachCluster(new DirectLink("b", () => nodeE, () => nodeD));
        var alice = LoggedIn(nodeD, "alice");
        var bob = LoggedIn(nodeE, "bob");
        nodeD.JoinOk(alice, "dev");
        nodeE.JoinOk(bob, "dev");
        TestChat.ClearAll(alice, bob);

        Assert.Equal(ChatError.None, nodeD.SendPrivate(alice.Member, "bob", "psst", MessageStyle.Text, new MessageExtras([], OneLine: true) { ReplyLabel = "L3" }, out _, out var sent));

        Assert.Empty(bob.Sink.Events);
        Assert.Empty(alice.Sink.ShownOwn);
        Assert.Empty(linkD.StoredHere);

        linkD.Place(0);

        Assert.Equal(("psst", sent!.MessageId), (bob.Sink.Single().Text, bob.Sink.Single().MessageId));
        Assert.Equal([(sent, (string?)"L3")], alice.Sink.ShownOwn);
        Assert.True(nodeD.WhenShownAsync(sent).IsCompleted);
    }

    [Fact]
    public void A_members_away_real_name_and_account_reach_who_shares_a_room_with_it_on_the_other_node_once()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        var carol = _nodeB.ConnectAs("carol");
        _nodeA.JoinOk(alice, "dev");
        _nodeA.JoinOk(alice, "ops");
        _nodeB.JoinOk(bob, "dev");
        _nodeB.JoinOk(bob, "ops");
        TestChat.ClearAll(alice, bob, carol);

        // bob shares two rooms with her and hears each change once; carol shares none.
        _nodeA.SetAway(alice.Member, "lunch");
        var away = bob.Sink.Single();
        Assert.Equal((ChatEventKind.Away, "alice", "lunch", "lunch"), (away.Kind, away.SourceNick, away.Text, away.Source.Away));
        _nodeA.SetRealName(alice.Member, "Alice A.");
        _nodeA.LogIn(alice.Member, new Accounts.AccountRecord("alice", "hash", DateTimeOffset.UnixEpoch));
        _nodeA.SetAway(alice.Member, string.Empty);

        Assert.Equal(
            [(ChatEventKind.Away, "lunch"), (ChatEventKind.RealNameChange, "Alice A."), (ChatEventKind.AccountChange, "alice"), (ChatEventKind.Away, "")],
            bob.Sink.Events.Select(e => (e.Kind, e.Text)));
        var standIn = bob.Sink.Events[^1].Source;
        Assert.Equal(("Alice A.", "alice", (string?)null), (standIn.RealName, standIn.Account, standIn.Away));
        Assert.Empty(carol.Sink.Events);
        Assert.Empty(alice.Sink.Events);
    }

    [Fact]
    public void A_topic_set_on_one_node_is_the_rooms_topic_on_the_other()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        var roomA = _nodeA.JoinOk(alice, "dev");
        var roomB = _nodeB.JoinOk(bob, "dev");
        bob.Sink.Clear();

        Assert.Equal(ChatError.None, _nodeA.SetTopic(alice.Member, roomA, "release on friday"));

        var changed = bob.Sink.Single();
        Assert.Equal((ChatEventKind.TopicChange, "alice", "release on friday"), (changed.Kind, changed.SourceNick, changed.Text));
        Assert.Equal(("release on friday", "alice"), (roomB.Topic!.Text, roomB.Topic.SetBy));
        Assert.Equal(roomA.Topic!.SetAt, roomB.Topic.SetAt);

        // Told again (a grain's welcome), it changes nothing.
        _nodeB.ApplyTopicFromNode("a", new NodeTopic("dev", "release on friday", new NodeMember("a", alice.Member.Id, "alice", true, alice.Member.Address, alice.Member.Host, alice.Member.User, string.Empty, null), roomA.Topic.SetAt));
        Assert.Single(bob.Sink.Events);

        Assert.Equal(ChatError.None, _nodeA.SetTopic(alice.Member, roomA, string.Empty));
        Assert.Null(roomB.Topic);
    }

    [Fact]
    public void A_member_of_another_node_who_shares_no_room_here_is_not_found_without_asking_the_cluster()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        _nodeA.JoinOk(alice, "dev");
        _nodeB.JoinOk(bob, "ops");

        Assert.Equal(ChatError.NoSuchNick, _nodeA.SendPrivate(alice.Member, "bob", "psst", out _));
        Assert.DoesNotContain(bob.Sink.Events, e => e.Kind == ChatEventKind.Private);
    }

    [Fact]
    public void Only_the_first_member_of_a_room_on_any_node_becomes_its_operator()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        var room = _nodeA.JoinOk(alice, "dev");
        var bobsRoom = _nodeB.JoinOk(bob, "dev");

        Assert.True(room.IsOperator(alice.Member));
        Assert.False(bobsRoom.IsOperator(bob.Member)); // first on node b, not in the room
        Assert.True(bobsRoom.IsOperator(bobsRoom.Members.Single(m => m.Nick == "alice")));
        Assert.False(room.IsOperator(room.Members.Single(m => m.Nick == "bob")));
        Assert.DoesNotContain(bob.Sink.Events, e => e.Kind == ChatEventKind.ModeChange);
    }

    [Fact]
    public void Modes_an_operator_sets_on_one_node_hold_on_the_other()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        var room = _nodeA.JoinOk(alice, "dev");
        var bobsRoom = _nodeB.JoinOk(bob, "dev");
        bob.Sink.Clear();

        Assert.Empty(_nodeA.SetModesOk(alice, room, new ModeChange(true, 'm', null), new ModeChange(true, 'k', "sesame"), new ModeChange(true, 'b', "eve")));

        Assert.True(bobsRoom.Modes.Moderated);
        Assert.Equal("sesame", bobsRoom.Modes.Key);
        Assert.Equal("eve!*@*", Assert.Single(bobsRoom.Bans).Mask);
        Assert.Equal("alice", Assert.Single(bobsRoom.Bans).SetBy);
        var seen = Assert.Single(bob.Sink.Events);
        Assert.Equal(ChatEventKind.ModeChange, seen.Kind);
        Assert.Equal("alice", seen.SourceNick);
        Assert.Equal([new ModeChange(true, 'm', null), new ModeChange(true, 'k', "sesame"), new ModeChange(true, 'b', "eve!*@*")], seen.Modes);

        // +m holds on bob's node: he may not speak until alice gives him voice there.
        Assert.Equal(ChatError.CannotSend, _nodeB.SendToRoom(bob.Member, bobsRoom, "hi", MessageStyle.Text, out _));
        Assert.Empty(_nodeA.SetModesOk(alice, room, new ModeChange(true, 'v', "bob")));
        Assert.True(bobsRoom.IsVoiced(bob.Member));
        Assert.True(room.IsVoiced(room.Members.Single(m => m.Nick == "bob")));
        Assert.Equal(ChatError.None, _nodeB.SendToRoom(bob.Member, bobsRoom, "hi", MessageStyle.Text, out _));

        // An eve on node b is held back by the ban set on node a.
        var eve = _nodeB.ConnectAs("eve");
        Assert.Equal(ChatError.Banned, _nodeB.Join(eve.Member, "dev", "sesame", out _, out _, out _));
    }

    [Fact]
    public void An_operator_gives_operator_to_a_member_of_another_node_who_may_then_act_there()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        var room = _nodeA.JoinOk(alice, "dev");
        var bobsRoom = _nodeB.JoinOk(bob, "dev");
        Assert.Equal(ChatError.NotOperator, _nodeB.SetModes(bob.Member, bobsRoom, [new ModeChange(true, 't', null)], out _, out _));

        Assert.Empty(_nodeA.SetModesOk(alice, room, new ModeChange(true, 'o', "BOB")));

        Assert.True(bobsRoom.IsOperator(bob.Member));
        Assert.Empty(_nodeB.SetModesOk(bob, bobsRoom, new ModeChange(true, 't', null), new ModeChange(false, 'o', "alice")));
        Assert.True(room.Modes.TopicLocked);
        Assert.False(room.IsOperator(alice.Member));
    }

    [Fact]
    public void An_operator_kicks_a_member_of_another_node_out_of_the_room_on_both()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        var carol = _nodeB.ConnectAs("carol");
        var room = _nodeA.JoinOk(alice, "dev");
        var bobsRoom = _nodeB.JoinOk(bob, "dev");
        _nodeB.JoinOk(carol, "dev");
        TestChat.ClearAll(alice, bob, carol);

        Assert.Equal(ChatError.None, _nodeA.Kick(alice.Member, room, "bob", "out", out var kicked));

        Assert.Equal("bob", kicked!.Target!.Nick);
        Assert.DoesNotContain(room.Members, m => m.Nick == "bob");
        Assert.False(bobsRoom.Contains(bob.Member));
        Assert.DoesNotContain(bob.Member.Rooms, r => r == bobsRoom);
        foreach (var seen in new[] { bob, carol })
        {
            var kick = Assert.Single(seen.Sink.Events);
            Assert.Equal(ChatEventKind.Kick, kick.Kind);
            Assert.Equal("alice", kick.SourceNick);
            Assert.Equal("bob", kick.Target!.Nick);
            Assert.Equal("out", kick.Text);
        }

        Assert.Empty(alice.Sink.Events); // the kicker's session shows its own kick
        Assert.Contains(room.Members, m => m.Nick == "carol");
    }

    [Fact]
    public void A_node_new_to_a_room_takes_its_modes_and_shows_them_as_ChanServ()
    {
        var alice = _nodeA.ConnectAs("alice");
        var room = _nodeA.JoinOk(alice, "dev");
        Assert.Empty(_nodeA.SetModesOk(alice, room, new ModeChange(true, 'm', null), new ModeChange(true, 'b', "eve")));

        var bob = _nodeB.ConnectAs("bob");
        var bobsRoom = _nodeB.JoinOk(bob, "dev");

        Assert.True(bobsRoom.Modes.Moderated);
        Assert.Equal("eve!*@*", Assert.Single(bobsRoom.Bans).Mask);
        var shown = bob.Sink.Events.Single(e => e.Kind == ChatEventKind.ModeChange);
        Assert.Equal(ChatHub.ChanServNick, shown.SourceNick);
        Assert.Contains(new ModeChange(true, 'm', null), shown.Modes!);
        Assert.Contains(new ModeChange(true, 'b', "eve!*@*"), shown.Modes!);
    }

    [Fact]
    public async Task A_private_message_reaches_a_member_of_another_node_found_through_the_cluster()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob"); // no room shared: node a shows no bob
        Assert.True(_nodeA.MustLocate("bob"));
        Assert.Null(await _nodeA.LocateNickAsync("nobody"));

        var located = await _nodeA.LocateNickAsync("bob");
        Assert.Equal(ChatError.None, _nodeA.SendPrivate(alice.Member, "bob", "found you", MessageStyle.Text, default, out _, out var sent, located));

        var got = bob.Sink.Single();
        Assert.Equal((ChatEventKind.Private, "alice", "found you", sent!.MessageId), (got.Kind, got.SourceNick, got.Text, got.MessageId));
        Assert.False(_nodeA.MustLocate("alice"));

        // WHOIS asks bob's node to describe him.
        var described = await _nodeA.DescribeNickAsync("bob");
        Assert.Equal(("bob", bob.Member.User, bob.Member.Host, bob.Member.RealName), (described!.Nick, described.User, described.Host, described.RealName));
        Assert.Null(await _nodeA.DescribeNickAsync("nobody"));
    }

    [Fact]
    public async Task An_invitation_to_a_member_of_another_node_lets_it_into_an_invite_only_room_there()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        var carol = _nodeB.ConnectAs("carol");
        var room = _nodeA.JoinOk(alice, "vip");
        Assert.Empty(_nodeA.SetModesOk(alice, room, new ModeChange(true, 'i', null)));

        var located = await _nodeA.LocateNickAsync("bob");
        Assert.Equal(ChatError.None, _nodeA.Invite(alice.Member, "bob", room, out var target, out _, located));

        Assert.Equal("bob", target!.Nick);
        var invite = bob.Sink.Single();
        Assert.Equal((ChatEventKind.Invite, "alice", "vip"), (invite.Kind, invite.SourceNick, invite.RoomName));
        var view = await _nodeB.ViewFromNodesAsync("vip");
        Assert.Equal(ChatError.None, _nodeB.Join(bob.Member, "vip", null, out _, out _, out _, out _, view));
        Assert.Equal(ChatError.InviteOnly, _nodeB.Join(carol.Member, "vip", null, out _, out _, out _, out _, view));
    }

    [Fact]
    public async Task A_roster_the_cluster_delivers_while_a_join_enters_with_its_view_announces_nobody_the_joiner_was_shown()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        _nodeA.JoinOk(alice, "dev");
        var view = await _nodeB.ViewFromNodesAsync("dev");
        Assert.Equal(["alice"], view!.Members.Select(m => m.Nick));

        // The room's grain answers an earlier subscription of node b's (one queued as the room
        // emptied there) with its roster, from another thread, just as bob's join makes him the
        // room's first member there. It is given half a second to land inside the join (where it
        // did, announcing alice after bob's NAMES: CI at cc23c58); the join holds it off now.
        Thread? delivering = null;
        _linkB.Occupying = roomName =>
        {
            delivering = new Thread(() => _nodeB.SyncFromNodes(roomName, onlyNode: null, view.Members, string.Empty));
            delivering.Start();
            delivering.Join(TimeSpan.FromMilliseconds(500));
        };
        TestChat.ClearAll(alice, bob);
        Assert.Equal(ChatError.None, _nodeB.Join(bob.Member, "dev", null, out var room, out _, out _, out _, view));
        Assert.True(delivering!.Join(TimeSpan.FromSeconds(10)));

        // alice is in the room on node b once, as bob's NAMES shows her, and nobody announced her.
        Assert.Equal(["alice", "bob"], room!.Members.Select(m => m.Nick).Order());
        Assert.Empty(bob.Sink.Events);
    }

    [Fact]
    public async Task A_room_registered_on_one_node_is_registered_on_the_other_which_stores_nothing_of_it()
    {
        var alice = LoggedIn(_nodeA, "alice");
        var bob = LoggedIn(_nodeB, "bob");
        var carol = _nodeB.ConnectAs("carol");
        var room = _nodeA.JoinOk(alice, "club");
        var bobsRoom = _nodeB.JoinOk(bob, "club");
        _nodeB.JoinOk(carol, "club");

        Assert.Equal(ChatError.None, _nodeA.RegisterRoom(alice.Member, "club", out _, out var stored));
        Assert.True(await stored.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("alice", bobsRoom.Registration?.Founder);

        // alice gives bob's account operator, on her node, and sets a key: both nodes have both.
        Assert.Empty(_nodeA.SetModesOk(alice, room, new ModeChange(true, 'o', "bob"), new ModeChange(true, 'k', "sesame")));
        Assert.Equal(["bob"], room.Registration!.Operators);
        Assert.Equal(["bob"], bobsRoom.Registration!.Operators);
        Assert.Equal("sesame", bobsRoom.Modes.Key);

        // Only alice's node wrote it.
        await _nodeA.Registrations.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await _nodeB.Registrations.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var saved = Assert.Single(await _nodeA.Registrations.Store.LoadAsync());
        Assert.Equal(["bob"], saved.Registration.Operators);
        Assert.Equal("sesame", saved.Modes.Key);
        Assert.Empty(await _nodeB.Registrations.Store.LoadAsync());

        // Its last members on node b leave: the room stays there, and b still follows its changes.
        Assert.Equal(ChatError.None, _nodeB.Part(bob.Member, "club", out _));
        Assert.Equal(ChatError.None, _nodeB.Part(carol.Member, "club", out _));
        Assert.Same(bobsRoom, _nodeB.FindRoom("club"));
        Assert.True(_nodeB.Follows("club"));
        Assert.Contains("club", _nodeB.FollowedRoomNames);
        Assert.Empty(_nodeA.SetModesOk(alice, room, new ModeChange(true, 'm', null)));
        Assert.True(bobsRoom.Modes.Moderated);

        // bob comes back: ChanServ makes his account operator on his node, past the key, and alice
        // sees it as on one server (his join, then ChanServ's +o).
        TestChat.ClearAll(alice, bob);
        var view = await _nodeB.ViewFromNodesAsync("club");
        Assert.Equal(ChatError.None, _nodeB.Join(bob.Member, "club", null, out _, out _, out _, out var opped, view));
        Assert.True(bobsRoom.IsOperator(bob.Member));
        Assert.Equal((ChatHub.ChanServNick, new ModeChange(true, 'o', "bob")), (opped!.SourceNick, Assert.Single(opped.Modes!)));
        Assert.Equal([ChatEventKind.Join, ChatEventKind.ModeChange], alice.Sink.Events.Select(e => e.Kind));
        Assert.Equal((ChatHub.ChanServNick, new ModeChange(true, 'o', "bob")), (alice.Sink.Events[1].SourceNick, Assert.Single(alice.Sink.Events[1].Modes!)));

        // alice takes his account off: no longer on either node's list.
        Assert.Empty(_nodeA.SetModesOk(alice, room, new ModeChange(false, 'o', "bob")));
        Assert.Empty(room.Registration!.Operators);
        Assert.Empty(bobsRoom.Registration!.Operators);

        // Unregistered on a: an ordinary room on b, which closes when bob leaves.
        Assert.Equal(ChatError.None, _nodeA.UnregisterRoom(alice.Member, "club", out _, out stored));
        Assert.True(await stored.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(bobsRoom.IsRegistered);
        Assert.Equal(ChatError.None, _nodeB.Part(bob.Member, "club", out _));
        Assert.Null(_nodeB.FindRoom("club"));
        Assert.False(_nodeB.Follows("club"));
    }

    [Fact]
    public async Task A_node_that_has_no_member_in_a_room_registered_elsewhere_learns_it_when_asked_and_forgets_it_when_it_ends()
    {
        var alice = LoggedIn(_nodeA, "alice");
        var room = _nodeA.JoinOk(alice, "club");
        Assert.Empty(_nodeA.SetModesOk(alice, room, new ModeChange(true, 'k', "sesame")));
        Assert.Equal(ChatError.None, _nodeA.RegisterRoom(alice.Member, "club", out _, out _));
        Assert.Equal(ChatError.None, _nodeA.Part(alice.Member, "club", out _));
        Assert.True(_nodeA.Follows("club"));
        Assert.Null(_nodeB.FindRoom("club")); // node b had nobody there: it learns when it needs to

        // ChanServ asks on b (INFO, UNREGISTER): b makes the room as it would have at its start.
        await _nodeB.LearnRegistrationAsync("#CLUB");
        var there = _nodeB.FindRoom("club");
        Assert.Equal(("alice", "sesame", 0), (there?.Registration?.Founder, there?.Modes.Key, there?.Count));
        Assert.Contains("CLUB", _linkB.Occupied); // as asked: a room new to a node is named as its first use there wrote it

        // A join on b needs the key and makes nobody operator, as an empty registered room on one server.
        var dave = _nodeB.ConnectAs("dave");
        Assert.Equal(ChatError.BadKey, _nodeB.Join(dave.Member, "club", null, out _, out _, out _, out _, await _nodeB.ViewFromNodesAsync("club")));
        Assert.Equal(ChatError.None, _nodeB.Join(dave.Member, "club", "sesame", out _, out _, out _, out var opped, await _nodeB.ViewFromNodesAsync("club")));
        Assert.Null(opped);
        Assert.False(there!.IsOperator(dave.Member));
        Assert.Equal(ChatError.None, _nodeB.Part(dave.Member, "club", out _));

        // Unregistered on a, with nobody in it on either node: it closes on both.
        Assert.Equal(ChatError.None, _nodeA.UnregisterRoom(alice.Member, "club", out _, out _));
        Assert.Null(_nodeA.FindRoom("club"));
        Assert.Null(_nodeB.FindRoom("club"));
        Assert.Contains("club", _linkA.Vacated);
        Assert.Contains("CLUB", _linkB.Vacated);

        // A room nobody registered is not made by asking.
        await _nodeB.LearnRegistrationAsync("club");
        Assert.Null(_nodeB.FindRoom("club"));
    }

    [Fact]
    public void A_room_registered_on_the_other_node_is_taken_with_a_join_there()
    {
        var alice = LoggedIn(_nodeA, "alice");
        var room = _nodeA.JoinOk(alice, "club");
        Assert.Equal(ChatError.None, _nodeA.RegisterRoom(alice.Member, "club", out _, out _));
        Assert.Empty(_nodeA.SetModesOk(alice, room, new ModeChange(true, 'b', "eve")));
        var bob = LoggedIn(_nodeB, "bob");
        var bobsRoom = _nodeB.JoinOk(bob, "club");
        Assert.Equal(ChatError.None, _nodeB.Part(bob.Member, "club", out _));

        // Still registered on b with nobody there: eve is kept out, and the room stays.
        var eve = _nodeB.ConnectAs("eve");
        Assert.Equal(ChatError.Banned, _nodeB.Join(eve.Member, "club", out _, out _));
        Assert.Same(bobsRoom, _nodeB.FindRoom("club"));
        Assert.Equal("alice", bobsRoom.Registration?.Founder);
    }

    [Fact]
    public async Task A_node_reads_accounts_from_the_store_the_nodes_share_and_never_registers_one_over_another()
    {
        // Two nodes' account lists over one store, each loaded at its start (empty then).
        var shared = new Accounts.InMemoryAccountStore();
        var here = new Accounts.AccountList(shared);
        var there = new ChatHub(new ChatOptions(), TimeProvider.System, accounts: new Accounts.AccountList(shared));
        Assert.False(there.Accounts.ReadsThrough);
        there.AttachCluster(new DirectLink("c", () => there, () => _nodeA));
        Assert.True(there.Accounts.ReadsThrough);

        var alice = new Accounts.AccountRecord("alice", "hash-a", DateTimeOffset.UnixEpoch);
        Assert.True(here.TryAdd(alice));
        Assert.True(await here.CreateAsync(alice));
        Assert.Null(there.Accounts.Find("alice")); // not loaded at its start
        Assert.Equal(alice, await there.Accounts.FindAsync("ALICE"));
        Assert.Equal(alice, there.Accounts.Find("alice")); // kept from then on

        // Its operator flag set elsewhere is read again at the next login.
        await here.SetOperatorAsync("alice", isOperator: true);
        Assert.True((await there.Accounts.FindAsync("alice"))!.IsOperator);

        // A registration of the same name on a node that had not heard of it fails, and leaves hers.
        var bob = new Accounts.AccountRecord("bob", "hash-b", DateTimeOffset.UnixEpoch);
        Assert.True(here.TryAdd(bob));
        Assert.True(await here.CreateAsync(bob));
        var mallory = new Accounts.AccountRecord("Bob", "hash-m", DateTimeOffset.UnixEpoch);
        Assert.True(there.Accounts.TryAdd(mallory));
        Assert.False(await there.Accounts.CreateAsync(mallory));
        Assert.Equal("hash-b", there.Accounts.Find("bob")?.PasswordHash);
        Assert.Equal("hash-b", (await shared.FindAsync("bob"))?.PasswordHash);
    }

    [Fact]
    public void A_rename_on_one_node_renames_the_room_on_the_other_which_follows_it_under_its_new_name()
    {
        var alice = _nodeA.ConnectAs("alice");
        var bob = _nodeB.ConnectAs("bob");
        var room = _nodeA.JoinOk(alice, "dev");
        var there = _nodeB.JoinOk(bob, "dev");
        Assert.True(room.IsOperator(alice.Member));
        Assert.Equal(ChatError.None, _nodeA.SetTopic(alice.Member, room, "plans"));
        TestChat.ClearAll(alice, bob);

        Assert.Equal(ChatError.None, _nodeA.Rename(alice.Member, room, "ops", "tidier", out _));

        // Node b's room is the same room under the new name, with both members and its topic.
        var seen = bob.Sink.Single();
        Assert.Equal((ChatEventKind.RoomRename, "alice", "dev", "ops", "tidier"), (seen.Kind, seen.SourceNick, seen.RenamedFrom, seen.RoomName, seen.Text));
        Assert.Null(_nodeB.FindRoom("dev"));
        Assert.Same(there, _nodeB.FindRoom("ops"));
        Assert.Equal(2, there.Count);
        Assert.Equal("plans", there.Topic?.Text);

        // Both nodes follow it under the new name now, not the old.
        Assert.Contains("ops", _linkA.Occupied);
        Assert.Contains("dev", _linkA.Vacated);
        Assert.Contains("ops", _linkB.Occupied);
        Assert.Contains("dev", _linkB.Vacated);
        Assert.False(_nodeB.Follows("dev"));
        Assert.True(_nodeB.Follows("ops"));
    }

    [Fact]
    public async Task A_registered_room_renamed_on_one_node_is_registered_under_its_new_name_on_the_other_which_stores_nothing()
    {
        var alice = LoggedIn(_nodeA, "alice");
        var bob = _nodeB.ConnectAs("bob");
        var room = _nodeA.JoinOk(alice, "club");
        var bobsRoom = _nodeB.JoinOk(bob, "club");
        Assert.Equal(ChatError.None, _nodeA.RegisterRoom(alice.Member, "club", out _, out var stored));
        Assert.True(await stored.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(ChatError.None, _nodeA.Rename(alice.Member, room, "guild", string.Empty, out _));

        Assert.Same(bobsRoom, _nodeB.FindRoom("guild"));
        Assert.Equal("alice", bobsRoom.Registration?.Founder);

        // Only alice's node moved it in the store; bob's leaving keeps it open on his node, followed under the new name.
        await _nodeA.Registrations.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await _nodeB.Registrations.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("guild", Assert.Single(await _nodeA.Registrations.Store.LoadAsync()).Name);
        Assert.Empty(await _nodeB.Registrations.Store.LoadAsync());
        Assert.Equal(ChatError.None, _nodeB.Part(bob.Member, "guild", out _));
        Assert.True(_nodeB.Follows("guild"));
        Assert.False(_nodeB.Follows("club"));
    }

    /// <summary>A member of <paramref name="hub"/> logged in to the account named as its nick.</summary>
    private static Client LoggedIn(ChatHub hub, string nick)
    {
        var client = hub.ConnectAs(nick);
        hub.LogIn(client.Member, new Accounts.AccountRecord(nick, "hash", DateTimeOffset.UnixEpoch));
        return client;
    }

    /// <summary>
    /// Hands what a hub publishes straight to the other hub, as node <paramref name="name"/>, and
    /// records what the hub told it. Taking a room swaps rosters both ways, as a room grain's
    /// subscription does.
    /// </summary>
    private sealed class DirectLink(string name, Func<ChatHub> self, Func<ChatHub> other) : IClusterLink
    {
        public List<NodeMessage> Published { get; } = [];

        public List<string> Occupied { get; } = [];

        public List<string> Vacated { get; } = [];

        public List<string> Released { get; } = [];

        /// <summary>Held private messages to a member of this node, handed to <see cref="ShowWhenStored"/>.</summary>
        public List<string> StoredHere { get; } = [];

        /// <summary>
        /// When true, messages wait in <see cref="Published"/> until <see cref="Place"/> hands them
        /// over, as a grain that has not answered yet, and those in <see cref="StoredHere"/> until
        /// shown by hand, as an outbox whose commit has not come yet.
        /// </summary>
        public bool Holds { get; set; }

        /// <summary>Hands over the held message <paramref name="index"/> of <see cref="Published"/>: the other node gets it, this one its place.</summary>
        public void Place(int index) => HandOver(Published[index]);

        public void Publish(NodeMessage message)
        {
            Published.Add(message);
            if (!Holds)
            {
                HandOver(message);
            }
        }

        public void ShowWhenStored(string messageId)
        {
            StoredHere.Add(messageId);
            if (!Holds)
            {
                self().ShowHeld(messageId);
            }
        }

        /// <summary>As a room's grain (or the recipient's node's mailbox): the other node gets the message, and this one its place.</summary>
        private void HandOver(NodeMessage message)
        {
            if (message.Target is null)
            {
                other().DeliverFromNode(message);
            }
            else
            {
                other().DeliverPrivateFromNode(name, message);
            }

            self().ShowHeld(message.MessageId);
        }

        public void PublishRoster(NodeRosterChange change)
        {
            if (change.Kind == ChatEventKind.Kick && change.Member.Node == OtherName)
            {
                other().ApplyKickOfOwnFromNode(name, change);
            }
            else
            {
                other().ApplyFromNode(name, change);
            }
        }

        public void PublishTopic(NodeTopic topic) => other().ApplyTopicFromNode(name, topic);

        public void PublishMemberChange(string node, NodeMemberChange change) => other().ApplyMemberChangeFromNode(name, change);

        public void PublishModes(NodeModes modes) => other().ApplyModesFromNode(name, modes);

        public void PublishInvite(NodeInvite invite) => other().ApplyInviteFromNode(name, invite);

        public void PublishRename(NodeRename rename) => other().ApplyRenameFromNode(name, rename);

        public void PublishRegistration(NodeRegistration registration) => other().ApplyRegistrationFromNode(registration);

        public List<NodeServerBan> BansPublished { get; } = [];

        public void PublishServerBan(NodeServerBan change)
        {
            BansPublished.Add(change);
            other().ApplyServerBanFromNode(change);
        }

        public List<Accounts.AccountRecord> AccountsPublished { get; } = [];

        public void PublishAccount(Accounts.AccountRecord account)
        {
            AccountsPublished.Add(account);
            other().ApplyAccountFromNode(account);
        }

        public void PublishOperatorFlag(Accounts.AccountRecord account) => other().ApplyOperatorFlagFromNode(account);

        /// <summary>As a room's grain: the other node's room while it has members there or follows it registered.</summary>
        public Task<NodeRoomView?> ViewRoomAsync(string roomName, CancellationToken cancellationToken) =>
            Task.FromResult<NodeRoomView?>(other().FindRoom(roomName) is { } there && other().Follows(roomName)
                ? new NodeRoomView(NodeRoomModes.Of(there), null, [.. other().LocalRoster(roomName).Select(m => m with { Node = OtherName })])
                : null);

        public Task<string?> LocateNickAsync(string nick, CancellationToken cancellationToken) =>
            Task.FromResult(other().FindNick(nick) is null ? null : OtherName);

        public Task<NodeMember?> DescribeAsync(string node, string nick, CancellationToken cancellationToken) => Task.FromResult(other().Describe(nick));

        public Task WhenSubscribedAsync(string roomName, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> ClaimNickAsync(string nick, string holder, CancellationToken cancellationToken) => Task.FromResult(other().FindNick(nick) is null);

        public List<string> Unwatched { get; } = [];

        /// <summary>As the nicks' grains: this node's members online with each nick.</summary>
        private readonly Dictionary<string, NodeMember> _online = new(NickName.Comparer);

        /// <summary>As a nick's grain: the other node hears that its holder let it go (it ignores a nick it does not watch).</summary>
        public void ReleaseNick(string nick, string holder)
        {
            Released.Add(nick);
            if (_online.Remove(nick, out var was))
            {
                other().NickOfflineElsewhere(was);
            }
        }

        /// <summary>As a nick's grain: the other node hears that this node's member is online with it.</summary>
        public void NickOnline(string nick, string holder, NodeMember member)
        {
            _online[nick] = member with { Node = name };
            other().NickOnlineElsewhere(_online[nick]);
        }

        /// <summary>As a nick's grain: the other node shows its watchers what its holder, online, changed.</summary>
        public void NickChanged(string nick, string holder, NodeMember member, ChatEventKind kind, string text)
        {
            if (_online.ContainsKey(nick))
            {
                _online[nick] = member with { Node = name };
                other().WatchedChangeElsewhere(_online[nick], kind, text);
            }
        }

        /// <summary>As the nicks' grains: each nick's holder on the other node, if it has one.</summary>
        public Task<IReadOnlyList<NodeNickHolder>> WatchNicksAsync(IReadOnlyList<string> nicks, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<NodeNickHolder>>([.. nicks.Select(nick => new NodeNickHolder(other().Describe(nick) is { } there ? there with { Node = OtherName } : null, Known: true))]);

        public void UnwatchNicks(IReadOnlyList<string> nicks) => Unwatched.AddRange(nicks);

        private string OtherName => name == "a" ? "b" : "a";

        /// <summary>When set, what the room's grain does as a room here gets its first member, instead of answering at once (on this thread) with the rosters.</summary>
        public Action<string>? Occupying { get; set; }

        public void RoomOccupied(string roomName)
        {
            Occupied.Add(roomName);
            if (Occupying is { } occupying)
            {
                occupying(roomName);
                return;
            }

            var othersThere = other().LocalRoster(roomName);
            self().SyncFromNodes(roomName, OtherName, [.. othersThere.Select(m => m with { Node = OtherName })], string.Empty);
            other().SyncFromNodes(roomName, name, [.. self().LocalRoster(roomName).Select(m => m with { Node = name })], string.Empty);
            if ((othersThere.Count > 0 || other().Follows(roomName)) && other().RoomSettings(roomName) is { } settings)
            {
                self().AdoptSettingsFromNodes(roomName, settings);
            }

            self().SettleFounder(roomName, othersPresent: othersThere.Count > 0);
        }

        public void RoomVacated(string roomName) => Vacated.Add(roomName);
    }

    /// <summary>An in-memory history that refuses appends while <see cref="Refuse"/> is set, as a full queue does.</summary>
    private sealed class RefusingStore : IMessageStore
    {
        private readonly InMemoryMessageStore _inner = new();

        public bool Refuse { get; set; }

        public StoreHealth Health => _inner.Health;

        public void Append(StoredMessage message) => TryAppend(message);

        public bool TryAppend(StoredMessage message)
        {
            if (Refuse)
            {
                return false;
            }

            _inner.Append(message);
            return true;
        }

        public Task FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);

        public Task<IReadOnlyList<StoredMessage>> LatestAsync(string room, int limit, CancellationToken cancellationToken = default) => _inner.LatestAsync(room, limit, cancellationToken);

        public Task<IReadOnlyList<StoredMessage>> BeforeAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) => _inner.BeforeAsync(room, point, limit, cancellationToken);

        public Task<IReadOnlyList<StoredMessage>> AfterAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) => _inner.AfterAsync(room, point, limit, cancellationToken);

        public Task<IReadOnlyList<StoredMessage>> AroundAsync(string room, HistoryPoint point, int limit, CancellationToken cancellationToken = default) => _inner.AroundAsync(room, point, limit, cancellationToken);

        public Task<IReadOnlyList<StoredMessage>> BetweenAsync(string room, HistoryPoint first, HistoryPoint last, int limit, CancellationToken cancellationToken = default) => _inner.BetweenAsync(room, first, last, limit, cancellationToken);

        public Task<bool> ContainsAsync(string room, string messageId, CancellationToken cancellationToken = default) => _inner.ContainsAsync(room, messageId, cancellationToken);

        public Task<bool> DeleteAsync(string room, string messageId, CancellationToken cancellationToken = default) => _inner.DeleteAsync(room, messageId, cancellationToken);

        public Task<IReadOnlyList<StoredTopic>> TopicsAsync(CancellationToken cancellationToken = default) => _inner.TopicsAsync(cancellationToken);

        public void Rename(string room, string newName) => _inner.Rename(room, newName);

        public Task<IReadOnlyList<(string Room, DateTimeOffset Latest)>> TargetsAsync(DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst, CancellationToken cancellationToken = default) => _inner.TargetsAsync(after, before, limit, newestFirst, cancellationToken);

        public Task<IReadOnlyList<(string Conversation, DateTimeOffset Latest)>> ConversationsAsync(string account, DateTimeOffset after, DateTimeOffset before, int limit, bool newestFirst, CancellationToken cancellationToken = default) => _inner.ConversationsAsync(account, after, before, limit, newestFirst, cancellationToken);

        public Task<long> PruneAsync(DateTimeOffset olderThan, int keepPerRoom, CancellationToken cancellationToken = default) => _inner.PruneAsync(olderThan, keepPerRoom, cancellationToken);

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }
}
