using Piazza.Core.Cluster;

namespace Piazza.Core;

public sealed partial class ChatHub
{
    private readonly HeldMessages _held = new();
    private IClusterLink? _cluster;
    private RemoteRoster? _remoteRoster;

    /// <summary>
    /// Completes once <paramref name="said"/>, a room message of this node's member, is shown: at
    /// once on a single server; in a cluster once it is committed to the shared history and the
    /// room's grain has given it its place (<see cref="ShowHeld"/>). A session waits for it before
    /// it echoes the message to its sender or reads the sender's next line.
    /// </summary>
    public Task WhenShownAsync(ChatEvent said)
    {
        ArgumentNullException.ThrowIfNull(said);
        return Cluster is null ? Task.CompletedTask : _held.WhenShownAsync(said);
    }

    /// <summary>How long a session waits for its member's message to be shown (<see cref="WaitShownAsync"/>) before it tells the member it waits and reads on.</summary>
    public static readonly TimeSpan ShownPatience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <see cref="WhenShownAsync"/>, waited for at most <see cref="ShownPatience"/> (on the hub's
    /// clock): true once shown, false when it still waits (the shared history cannot commit): it
    /// stays held and is shown once committed, but its sender is not kept from saying more.
    /// </summary>
    public async ValueTask<bool> WaitShownAsync(ChatEvent said)
    {
        var shown = WhenShownAsync(said);
        if (shown.IsCompleted)
        {
            return true;
        }

        try
        {
            await shown.WaitAsync(ShownPatience, _time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>How many of this node's room messages wait for their place in the cluster's order now.</summary>
    public int HeldMessageCount => _held.Count;

    /// <summary>
    /// This node's room message <paramref name="messageId"/> is committed and has its place in the
    /// room's order (the room's grain handed it back, or could not be reached and the message goes
    /// out anyway, stored): this node's members who were in the room when it was said, and still
    /// are, receive it now, then its sender's session (<see cref="IMemberSink.Shown"/>: its echo
    /// takes this place), and <see cref="WhenShownAsync"/> completes. A held private message is
    /// committed (and handed to its recipient's node, when that is another): its recipient here
    /// receives it, then its sender's session.
    /// Nothing happens for a message not held (shown already, or another node's).
    /// </summary>
    public void ShowHeld(string messageId)
    {
        if (_held.Take(messageId) is not { } held)
        {
            return;
        }

        if (held.Room is { } room)
        {
            ShowInRoom(held, room);
        }
        else if (held.MembersThen is [var recipient] && !recipient.HasLeft)
        {
            // A private message to a member of this node, still here.
            recipient.Sink.Deliver(held.Said);
            Counters.CountDeliveries(1);
        }

        held.Sender.Sink.Shown(held.Said, held.ReplyLabel);
        held.Shown.TrySetResult();
    }

    /// <summary>A held room message to this node's members who were in the room when it was said, and still are.</summary>
    private void ShowInRoom(HeldMessage held, Room room)
    {
        var now = room.LocalMembers;
        if (room.IsClosed)
        {
            // Everyone left meanwhile.
            return;
        }

        if (ReferenceEquals(now, held.MembersThen))
        {
            room.Broadcast(held.Said, except: held.Sender);
            return;
        }

        var stillHere = new HashSet<Member>(now);
        using var wakes = WakeMode.For(held.MembersThen.Count);
        var delivered = 0;
        foreach (var member in held.MembersThen)
        {
            if (!ReferenceEquals(member, held.Sender) && stillHere.Contains(member))
            {
                member.Sink.Deliver(held.Said);
                delivered++;
            }
        }

        Counters.CountDeliveries(delivered);
    }

    /// <summary>The link to the other nodes of a cluster; null for a single server.</summary>
    public IClusterLink? Cluster => Volatile.Read(ref _cluster);

    /// <summary>
    /// The rooms this node follows now (a moment's view): those with a member here, and the
    /// registered ones (<see cref="Follows"/>), whose messages and changes the node wants from the others.
    /// </summary>
    public IEnumerable<string> FollowedRoomNames
    {
        get
        {
            foreach (var entry in _rooms)
            {
                if (IsFollowed(entry.Value))
                {
                    yield return entry.Value.Name;
                }
            }
        }
    }

    /// <summary>
    /// Whether this node follows <paramref name="roomName"/> across the cluster: while it has a
    /// member here, and while it is registered, with members here or not (every node has every
    /// registered room it knows of, as a single server has: it stays open while empty, and its
    /// registration and settings are kept current for who joins or asks ChanServ here next).
    /// </summary>
    public bool Follows(string roomName) => FindRoom(roomName) is { } room && IsFollowed(room);

    /// <summary>The room <paramref name="roomName"/> when this node follows it (<see cref="Follows"/>); null otherwise.</summary>
    private Room? FollowedRoom(string roomName) => FindRoom(roomName) is { } room && IsFollowed(room) ? room : null;

    private static bool IsFollowed(Room room) => !room.IsClosed && (room.LocalCount > 0 || room.IsRegistered);

    /// <summary>Makes this hub a node of a cluster: once, before clients come.</summary>
    public void AttachCluster(IClusterLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (Interlocked.CompareExchange(ref _cluster, link, null) is not null)
        {
            throw new InvalidOperationException("The hub is a node of a cluster already.");
        }

        Volatile.Write(ref _remoteRoster, new RemoteRoster(_time, () => Interlocked.Increment(ref _nextMemberId), OperatorOnJoin));

        // The nodes share the accounts' store: a login reads its account there, not only this node's list.
        Accounts.ReadsThrough = true;

        // Guest nicks (Guest42) come from the member ids and are not claimed across the cluster:
        // each node counts from its own random start, so two nodes' guests seldom share a name.
        Interlocked.Add(ref _nextMemberId, Random.Shared.NextInt64(1_000_000, 1_000_000_000));
    }

    /// <summary>
    /// The member with nickname <paramref name="nick"/>: this node's (<see cref="FindNick"/>), or in a
    /// cluster a member of another node this node shows in its rooms (<see cref="Member.Node"/> set).
    /// For what only looks (WHOIS, ISON, USERHOST, WHO): a member of another node has no session here.
    /// </summary>
    public Member? FindNickAnywhere(string nick) => FindNick(nick) ?? Volatile.Read(ref _remoteRoster)?.FindByNick(nick);

    /// <summary>
    /// True when a private message to <paramref name="nick"/> must first ask the cluster where it
    /// is (<see cref="LocateNickAsync"/>): in a cluster, for a nick this node does not show.
    /// </summary>
    public bool MustLocate(string nick) => Cluster is not null && FindNickAnywhere(nick) is null && !NickName.Comparer.Equals(nick, ChanServNick);

    /// <summary>
    /// The member of another node holding <paramref name="nick"/>, which this node shows in no room
    /// (it shares none with a member here), as its nick's grain says: a stand-in for one private
    /// message (<see cref="SendPrivate(Member, string, string, MessageStyle, MessageExtras, out Member?, out ChatEvent?, Member?)"/>).
    /// Null when no member of another node holds it, or for a single server.
    /// </summary>
    public async Task<Member?> LocateNickAsync(string nick, CancellationToken cancellationToken = default)
    {
        if (Cluster is not { } cluster || Volatile.Read(ref _remoteRoster) is not { } roster || !MustLocate(nick))
        {
            return null;
        }

        return await cluster.LocateNickAsync(nick, cancellationToken) is { } node ? roster.Located(node, nick) : null;
    }

    /// <summary>
    /// The recipient of <paramref name="sender"/>'s private message to <paramref name="nick"/>, a
    /// member of another node this node shows in no room (<see cref="LocateNickAsync"/>). When the
    /// history could keep their conversation (the sender is logged in) its node is asked who it is
    /// (<see cref="DescribeNickAsync"/>): the message is kept, and waits for its commit, only
    /// between two accounts, and a located nick has none.
    /// </summary>
    public Task<Member?> LocateRecipientAsync(Member sender, string nick, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return History is not null && sender.Account is not null ? DescribeNickAsync(nick, cancellationToken) : LocateNickAsync(nick, cancellationToken);
    }

    /// <summary>
    /// The member of another node holding <paramref name="nick"/>, which this node shows in no room,
    /// as its node describes it (for WHOIS): null when nobody holds it, or for a single server.
    /// </summary>
    public async Task<Member?> DescribeNickAsync(string nick, CancellationToken cancellationToken = default)
    {
        if (Cluster is not { } cluster || Volatile.Read(ref _remoteRoster) is not { } roster || !MustLocate(nick)
            || await cluster.LocateNickAsync(nick, cancellationToken) is not { } node)
        {
            return null;
        }

        return await cluster.DescribeAsync(node, nick, cancellationToken) is { } who ? roster.Described(who with { Node = node }) : null;
    }

    /// <summary>This node's member named <paramref name="nick"/> as another node is told of it (WHOIS from there); null when there is none.</summary>
    public NodeMember? Describe(string nick) => FindNick(nick) is { HasLeft: false } member ? NodeMember.Of(member, room: null) : null;

    /// <summary>How many members of other nodes this node keeps in its rooms' rosters now.</summary>
    public int RemoteMemberCount => Volatile.Read(ref _remoteRoster)?.Count ?? 0;

    /// <summary>
    /// This node's members of <paramref name="roomName"/> now, as the other nodes are told of them
    /// (empty when the room has none here): what a node tells a room's grain as it subscribes.
    /// </summary>
    public IReadOnlyList<NodeMember> LocalRoster(string roomName)
    {
        if (FindRoom(roomName) is not { } room)
        {
            return [];
        }

        var members = room.LocalMembers;
        var roster = new NodeMember[members.Count];
        for (var i = 0; i < roster.Length; i++)
        {
            roster[i] = NodeMember.Of(members[i], room);
        }

        return roster;
    }

    /// <summary>
    /// A member of <paramref name="node"/> joined, left, was kicked, quit or changed nick in a room:
    /// this node's members of the room see it as they would a member of their own node's.
    /// Repeats change nothing (a join of one who is in, a part of one who is not).
    /// </summary>
    public void ApplyFromNode(string node, NodeRosterChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Volatile.Read(ref _remoteRoster) is { } roster && FindRoom(change.Room) is { LocalCount: > 0 } room)
        {
            roster.Apply(node, room, change);
        }
    }

    /// <summary>
    /// The room's members on the other nodes are <paramref name="members"/> (only
    /// <paramref name="onlyNode"/>'s, when given): the difference is shown to this node's members
    /// as joins, parts (with <paramref name="reason"/>) and nick changes; as quits instead of parts
    /// when <paramref name="nodeLost"/> (the room's grain lost their node).
    /// </summary>
    public void SyncFromNodes(string roomName, string? onlyNode, IReadOnlyList<NodeMember> members, string reason, bool nodeLost = false)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (Volatile.Read(ref _remoteRoster) is { } roster && FindRoom(roomName) is { LocalCount: > 0 } room)
        {
            roster.Sync(room, onlyNode, members, Cut(reason), nodeLost ? ChatEventKind.Quit : ChatEventKind.Part);
        }
    }

    /// <summary>
    /// This node may have missed messages said in <paramref name="roomName"/> on other nodes (a
    /// node or the room's grain was lost meanwhile): the replay on join reads them from the
    /// shared history rather than from what this node was delivered.
    /// </summary>
    public void MayHaveMissedFromNodes(string roomName) => History?.MayHaveMissed(RoomName.Strip(roomName));

    /// <summary>
    /// <paramref name="node"/> left the cluster (it died, or stopped): its members quit every room
    /// here with <paramref name="reason"/>, and nothing it reported late brings them back; those
    /// watching their nicks here (MONITOR) are told they went offline.
    /// </summary>
    public void DropNode(string node, string reason)
    {
        Volatile.Read(ref _remoteRoster)?.DropNode(node, Cut(reason));
        DropWatchedOn(node);
    }

    /// <summary>
    /// Delivers a room message another node accepted to this node's members of the room (none:
    /// nothing happens). The sender is not a member here: a stand-in with its names carries it,
    /// so every protocol shows it as the origin's members saw it. Not stored again: the origin
    /// stored it in the history the nodes share.
    /// </summary>
    public void DeliverFromNode(NodeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_rooms.TryGetValue(message.Room, out var room) || room.IsClosed || room.LocalCount == 0)
        {
            return;
        }

        var from = message.Sender;
        var info = new MemberInfo(from.Address, from.Host, from.User, from.RealName, from.Nick) { Account = from.Account };
        var sender = new Member(Interlocked.Increment(ref _nextMemberId), info, from.Nick, from.ChoseNick, ServiceSink.Instance, message.Time);
        var chatEvent = new ChatEvent(ChatEventKind.Message, sender, room, message.Text, message.Time, style: message.Style)
        {
            Lines = message.Lines,
            Tags = message.Tags,
            MessageId = message.MessageId,
        };
        room.Broadcast(chatEvent, except: null);

        // The origin stored it; a store that keeps rooms' recent tails (the replay on join) adds it there.
        History?.AppendedElsewhere(ToStored(chatEvent, message.Room));
    }

    /// <summary>
    /// A room's topic as another node set it (live, or as the room's grain tells a node that
    /// subscribes): this node's room takes it, and its members see the change as from the member
    /// who made it. The topic this room shows already changes nothing.
    /// </summary>
    public void ApplyTopicFromNode(string node, NodeTopic topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (Volatile.Read(ref _remoteRoster) is not { } roster || FollowedRoom(topic.Room) is not { } room)
        {
            return;
        }

        if (!TakeTopic(room, topic))
        {
            return;
        }

        var setter = roster.SenderOf(node, topic.By);
        room.Broadcast(new ChatEvent(ChatEventKind.TopicChange, setter, room, topic.Text, topic.SetAt), except: null);
    }

    /// <summary>The room takes a topic another node has (kept for the room's replay too); false when it shows that topic already.</summary>
    private bool TakeTopic(Room room, NodeTopic topic)
    {
        var now = room.Topic;
        if ((now?.Text ?? string.Empty) == topic.Text && (topic.Text.Length == 0 || (now!.SetBy == topic.By.Nick && now.SetAt == topic.SetAt)))
        {
            return false;
        }

        var newTopic = topic.Text.Length == 0 ? null : new RoomTopic(topic.Text, topic.By.Nick, topic.SetAt);
        room.SetTopic(newTopic);
        RememberTopic(room, newTopic);
        return true;
    }

    /// <summary>
    /// Delivers a private message a member of another node sent to a member of this one (the
    /// message's <see cref="NodeMessage.Target"/>, by its id here): the recipient sees it as from
    /// that member. Nothing happens when the recipient has left. Not stored again.
    /// </summary>
    public void DeliverPrivateFromNode(string node, NodeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // By its id here; by nick when the sender's node found it through its nick's grain (no id).
        if (message.Target is not { } to || (to.Id != 0 ? _members.GetValueOrDefault(to.Id) : FindNick(to.Nick)) is not { } target
            || target.HasLeft || Volatile.Read(ref _remoteRoster) is not { } roster)
        {
            return;
        }

        var sender = roster.SenderOf(node, message.Sender);
        var sent = new ChatEvent(ChatEventKind.Private, sender, null, message.Text, message.Time, target, message.Style)
        {
            Lines = message.Lines,
            Tags = message.Tags,
            MessageId = message.MessageId,
        };
        Counters.CountMessage();
        target.Sink.Deliver(sent);
        Counters.CountDeliveries(1);
    }

    /// <summary>
    /// Tells the recipient's node of a private message to one of its members, through the grain of
    /// a room they share, or (no room: the empty name) the recipient node's own.
    /// </summary>
    private void PublishPrivateToNode(ChatEvent sent, Member member, Member target)
    {
        if (Cluster is not { } cluster)
        {
            return;
        }

        var to = NodeMember.Of(target, room: null) with { Node = target.Node! };
        var through = target.Rooms is [var shared, ..] ? shared.Name : string.Empty;
        cluster.Publish(new NodeMessage(through, NodeMember.Of(member, room: null), sent.Text, sent.Style, sent.Time, sent.MessageId) { Tags = sent.Tags, Lines = sent.Lines, Target = to });
    }

    /// <summary>Tells the other nodes of a message this node accepted in a room.</summary>
    private void PublishToNodes(ChatEvent said, Member member, Room room)
    {
        if (Cluster is not { } cluster)
        {
            return;
        }

        cluster.Publish(new NodeMessage(room.Name, NodeMember.Of(member, room: null), said.Text, said.Style, said.Time, said.MessageId) { Tags = said.Tags, Lines = said.Lines });
    }

    /// <summary>Tells the other nodes of a change to this node's members of a room.</summary>
    private void PublishRoster(ChatEventKind kind, Member member, Room room, string text, Member? by = null)
    {
        if (Cluster is { } cluster && member.Node is null)
        {
            cluster.PublishRoster(new NodeRosterChange(room.Name, kind, NodeMember.Of(member, room), text) { By = by is null ? null : NodeMember.Of(by, null) });
        }
    }
}
