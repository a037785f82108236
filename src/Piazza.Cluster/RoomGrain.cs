using Microsoft.Extensions.Logging;

using Orleans.Runtime;

namespace Piazza.Cluster;

/// <summary>
/// A room's grain: the nodes with members in the room, each with its roster, and the hand-over
/// of each node's messages and roster changes to the others. Orleans runs one call at a time on
/// it, so every node sees the others' batches in one order: the order of the calls.
/// </summary>
/// <remarks>
/// It keeps no state that outlives it: nodes subscribe again every <see cref="ClusterNode.ResubscribeInterval"/>
/// with their rosters, so a grain that moved (its silo died) or was collected knows its nodes
/// again within that time. A node that does not take a batch within <see cref="DeliverTimeout"/>
/// is dropped and its members leave the room on the others (it comes back with its next
/// subscription): one lost node must not hold up the others. A node the cluster declared dead is
/// forgotten without a word: every node drops a dead node's members itself.
/// </remarks>
internal sealed partial class RoomGrain(ILogger<RoomGrain> log, IClusterMembershipService membership) : Grain, IRoomGrain
{
    /// <summary>How long a node may take to take a batch before the room drops it.</summary>
    public static readonly TimeSpan DeliverTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Why a dropped node's members leave the room on the other nodes.</summary>
    public const string NodeLostReason = "node lost";

    /// <summary>How long after its activation the grain has heard from every node with members in the room (they subscribe again that often), and its roster is whole.</summary>
    private static readonly TimeSpan WholeRosterAfter = ClusterNode.ResubscribeInterval + TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, Subscriber> _nodes = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _activated = TimeProvider.System.GetUtcNow();

    /// <summary>The room's topic as last set on any node since this activation began, for the nodes that subscribe.</summary>
    private RelayedEvent? _topic;

    /// <summary>The room's modes, lists and registration: from its first subscriber, then as the nodes change them.</summary>
    private RelayedRoomModes? _settings;

    /// <summary>The messages of the activation's first <see cref="WholeRosterAfter"/>, for the nodes that subscribe within it.</summary>
    private readonly List<RelayedEvent> _early = [];

    /// <summary>The most messages <see cref="_early"/> keeps (past it the history has them).</summary>
    private const int MaxEarly = 4096;

    /// <summary>True while the activation may not know every node yet: it began less than <see cref="WholeRosterAfter"/> ago.</summary>
    private bool IsYoung => TimeProvider.System.GetUtcNow() - _activated <= WholeRosterAfter;

    /// <summary>Nodes dropped by a failed delivery whose members the others have not yet been told are gone.</summary>
    private readonly List<Subscriber> _dropped = [];

    /// <summary>
    /// How long the node told by <see cref="View"/> that its joiner is the room's first keeps that
    /// claim while it has not subscribed with its member: a join's view, its join and the
    /// subscription that follows take milliseconds; a node that never subscribes (its joiner was
    /// refused, or left at once) holds the room no longer than this.
    /// </summary>
    public static readonly TimeSpan FounderClaimFor = TimeSpan.FromSeconds(10);

    /// <summary>The node whose joiner <see cref="View"/> made the room's first, until it subscribes (null: none, or it did).</summary>
    private string? _founderNode;

    /// <summary>When <see cref="_founderNode"/>'s claim lapses.</summary>
    private DateTimeOffset _founderUntil;

    public async Task Subscribe(string node, INodeObserver observer, RelayedMember[] roster, bool again, RelayedRoomModes? settings)
    {
        ForgetDeadNodes();
        if (string.Equals(_founderNode, node, StringComparison.Ordinal))
        {
            // Its joiner is in the roster now (or left): the others find it there.
            _founderNode = null;
        }

        var givesSettings = _settings is null;
        _settings ??= settings;
        var changed = !_nodes.TryGetValue(node, out var before) ? roster.Length > 0 : !before.SameRoster(roster);
        _nodes[node] = new Subscriber(node, observer, roster);

        var room = this.GetPrimaryKeyString();
        var sends = new List<Task>(_nodes.Count);
        var others = new List<RelayedMember>();
        foreach (var (name, other) in _nodes.ToArray())
        {
            if (string.Equals(name, node, StringComparison.Ordinal))
            {
                continue;
            }

            others.AddRange(other.Roster.Values);
            if (changed)
            {
                sends.Add(DeliverAsync(other, [new RelayedEvent { Kind = RelayedKind.NodeRoster, Room = room, Origin = node, Roster = roster }]));
            }
        }

        // Once every node has had time to subscribe again to this activation, the roster is
        // whole, and also clears what the node kept of nodes no longer here (reports it missed);
        // before that, a node missing from it may only not have come back yet.
        var whole = !IsYoung;
        var welcome = new List<RelayedEvent>
        {
            new() { Kind = whole ? RelayedKind.Roster : RelayedKind.RosterPart, Room = room, Origin = node, Roster = [.. others], FoundedElsewhere = FounderClaimedBy() is not null },
        };
        if (_topic is not null)
        {
            welcome.Add(_topic);
        }

        // Only to a node new to this activation: one that was here follows the live changes, and
        // a change it queued before this call could otherwise be undone by the grain's older view.
        if (before is null && !givesSettings && _settings is not null)
        {
            welcome.Add(new RelayedEvent { Kind = RelayedKind.Settings, Room = room, Origin = node, Settings = _settings });
        }

        if (before is null && again)
        {
            // Back after this activation began (the last one was lost): what the others said since,
            // which it was not given before it subscribed (it drops what it had already, by message id).
            welcome.AddRange(_early.Where(e => !string.Equals(e.Origin, node, StringComparison.Ordinal) && (e.Target is null || string.Equals(e.Target.Node, node, StringComparison.Ordinal))));
        }

        sends.Add(DeliverAsync(_nodes[node], [.. welcome]));
        await Task.WhenAll(sends);
        await TellOfDroppedAsync();
    }

    public Task<RelayedRoomView> View(string node)
    {
        ForgetDeadNodes();
        var members = _nodes.Where(n => !string.Equals(n.Key, node, StringComparison.Ordinal)).SelectMany(n => n.Value.Roster.Values).ToArray();

        // The grain decides who is first, one call at a time: of two nodes asking for an empty
        // room at once, the first asked is told its joiner makes the room, the other that it is
        // being made elsewhere (until the first subscribes with its member, whom it then sees).
        var claimedBy = FounderClaimedBy();
        var foundedElsewhere = claimedBy is not null && !string.Equals(claimedBy, node, StringComparison.Ordinal);
        if (members.Length == 0 && !foundedElsewhere)
        {
            _founderNode = node;
            _founderUntil = TimeProvider.System.GetUtcNow() + FounderClaimFor;
        }

        // Settings a node gave are the room's while someone is in it, or while it is registered
        // (the nodes that have it follow it with no member in it): a joiner then finds its door and
        // its founder and operator accounts. Otherwise the joiner makes the room afresh.
        var settings = members.Length > 0 || _settings?.Registration is not null ? _settings : null;
        return Task.FromResult(new RelayedRoomView { Settings = settings, Topic = _topic, Members = members, FoundedElsewhere = foundedElsewhere });
    }

    public async Task<RelayedMember?> Describe(string nick)
    {
        // A mailbox has one subscriber: its node.
        foreach (var node in _nodes.Values)
        {
            if (await node.Observer.Describe(nick).WaitAsync(DeliverTimeout) is { } member)
            {
                return member;
            }
        }

        return null;
    }

    public async Task Unsubscribe(string node)
    {
        if (_nodes.Remove(node, out var gone) && gone.Roster.Count > 0)
        {
            await BroadcastAsync(new RelayedEvent { Kind = RelayedKind.NodeRoster, Room = this.GetPrimaryKeyString(), Origin = node });
        }

        if (string.Equals(_founderNode, node, StringComparison.Ordinal))
        {
            _founderNode = null;
        }

        await TellOfDroppedAsync();
        if (_nodes.Count == 0 && FounderClaimedBy() is null)
        {
            // Kept while another node's joiner makes the room: that claim lives here only.
            DeactivateOnIdle();
        }
    }

    public async Task<bool> Publish(string origin, RelayedEvent[] events)
    {
        ForgetDeadNodes();
        if (events.Length == 0)
        {
            return _nodes.ContainsKey(origin);
        }

        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case RelayedKind.Topic:
                    _topic = e;
                    break;
                case RelayedKind.Modes:
                    TakeModes(e);
                    break;
                case RelayedKind.Registration when _settings is not null:
                    _settings = _settings with { Registration = e.Registration };
                    break;
                case RelayedKind.Rename when !string.Equals(GrainKey.For(e.RenamedTo), this.GetPrimaryKeyString(), StringComparison.Ordinal):
                    // The room goes on under its new name's grain, and this name is free: its
                    // nodes leave this grain as they take the rename, their members gone with it.
                    ForgetRoom();
                    break;
                case RelayedKind.Join or RelayedKind.Part or RelayedKind.Kick or RelayedKind.Quit or RelayedKind.NickChange
                    when e.Member is { } member && _nodes.TryGetValue(member.Node, out var owner):
                    // The member's own node's roster: a kick may come from another node.
                    owner.Apply(e);
                    break;
            }
        }

        if (IsYoung)
        {
            foreach (var e in events)
            {
                // Room messages, and the cluster channel's bans and accounts: what a node that comes back must not miss.
                if (e.Kind is (RelayedKind.Message or RelayedKind.ServerBan or RelayedKind.Account) && _early.Count < MaxEarly)
                {
                    _early.Add(e);
                }
            }
        }
        else
        {
            _early.Clear();
        }

        // The origin is handed back its messages' places in the same round as the others get
        // them: every node then shows the room's messages in the order of these calls, and a
        // private message's sender is shown it once its recipient's node has it.
        var places = events.Where(e => e.Kind == RelayedKind.Message).Select(RelayedEvent.PlaceOf).ToArray();
        var known = _nodes.TryGetValue(origin, out var self);
        await Task.WhenAll(BroadcastAsync(events, except: origin), self is not null && places.Length > 0 ? DeliverAsync(self, places) : Task.CompletedTask);
        await TellOfDroppedAsync();
        return known;
    }

    private Task BroadcastAsync(RelayedEvent single) => BroadcastAsync([single], except: single.Origin);

    private Task BroadcastAsync(RelayedEvent[] events, string except)
    {
        var hasPrivate = events.Any(e => e.Target is not null);
        var sends = new List<Task>(_nodes.Count);
        foreach (var (name, node) in _nodes.ToArray())
        {
            if (string.Equals(name, except, StringComparison.Ordinal))
            {
                continue;
            }

            // A private message goes to its recipient's node only.
            var share = hasPrivate ? [.. events.Where(e => e.Target is null || string.Equals(e.Target.Node, name, StringComparison.Ordinal))] : events;
            if (share.Length > 0)
            {
                sends.Add(DeliverAsync(node, share));
            }
        }

        return Task.WhenAll(sends);
    }

    private async Task DeliverAsync(Subscriber node, RelayedEvent[] events)
    {
        try
        {
            await node.Observer.Deliver(events).WaitAsync(DeliverTimeout);
        }
        catch (Exception ex)
        {
            // Any failure: the node is gone, or too slow to keep. It subscribes again if it lives.
            if (_nodes.TryGetValue(node.Name, out var current) && ReferenceEquals(current, node))
            {
                _nodes.Remove(node.Name);
                _dropped.Add(node);
            }

            LogNodeDropped(node.Name, this.GetPrimaryKeyString(), ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>Tells the nodes left that the members of those dropped meanwhile are gone from the room (which may drop more: bounded by the nodes).</summary>
    private async Task TellOfDroppedAsync()
    {
        while (_dropped.Count > 0)
        {
            var dropped = _dropped.ToArray();
            _dropped.Clear();
            foreach (var node in dropped)
            {
                if (node.Roster.Count > 0 && !_nodes.ContainsKey(node.Name))
                {
                    await BroadcastAsync(new RelayedEvent { Kind = RelayedKind.NodeRoster, Room = this.GetPrimaryKeyString(), Origin = node.Name, Text = NodeLostReason });
                }
            }
        }
    }

    /// <summary>Keeps the room's settings, and its members' +o and +v in the rosters, as a node changed them.</summary>
    private void TakeModes(RelayedEvent e)
    {
        _settings = _settings?.With(e.Changes, e.Member?.Nick ?? "*", e.Time);
        foreach (var change in e.Changes)
        {
            if (change.Mode is not ('o' or 'v') || change.Argument is not { } nick)
            {
                continue;
            }

            foreach (var node in _nodes.Values)
            {
                node.SetStatus(nick, change.Mode, change.Add);
            }
        }
    }

    /// <summary>Forgets the room's members, settings, topic and messages (it was renamed): a join under this name makes a new room.</summary>
    private void ForgetRoom()
    {
        foreach (var node in _nodes.Values)
        {
            node.Roster.Clear();
        }

        _settings = null;
        _topic = null;
        _early.Clear();
        _founderNode = null;
    }

    /// <summary>The node whose joiner makes the room now (<see cref="View"/> told it so, and it has not subscribed yet); null when none does, or its claim lapsed.</summary>
    private string? FounderClaimedBy()
    {
        if (_founderNode is not null && TimeProvider.System.GetUtcNow() > _founderUntil)
        {
            _founderNode = null;
        }

        return _founderNode;
    }

    /// <summary>Forgets the nodes the cluster declared dead: every node drops their members on its own.</summary>
    private void ForgetDeadNodes()
    {
        if (_nodes.Count == 0)
        {
            return;
        }

        var snapshot = membership.CurrentSnapshot;
        foreach (var (name, node) in _nodes.ToArray())
        {
            if (node.Silo is { } silo && snapshot.GetSiloStatus(silo) == SiloStatus.Dead)
            {
                _nodes.Remove(name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {Room}: node {Node} did not take a batch ({Error}: {Detail}); dropped until it subscribes again")]
    private partial void LogNodeDropped(string node, string room, string error, string detail);

    /// <summary>A subscribed node: how to reach it and its members of the room.</summary>
    private sealed class Subscriber
    {
        public Subscriber(string name, INodeObserver observer, RelayedMember[] roster)
        {
            Name = name;
            Observer = observer;
            foreach (var member in roster)
            {
                Roster[member.Id] = member;
            }

            try
            {
                Silo = SiloAddress.FromParsableString(name);
            }
            catch (FormatException)
            {
                Silo = null; // not a silo's name (a test's): never declared dead
            }
        }

        public string Name { get; }

        public INodeObserver Observer { get; }

        public SiloAddress? Silo { get; }

        public Dictionary<long, RelayedMember> Roster { get; } = [];

        public bool SameRoster(RelayedMember[] roster) =>
            roster.Length == Roster.Count && roster.All(m => Roster.TryGetValue(m.Id, out var known) && known.SameAs(m));

        /// <summary>Gives or takes +o or +v of the member with <paramref name="nick"/>, if it is one of this node's.</summary>
        public void SetStatus(string nick, char mode, bool add)
        {
            foreach (var (id, member) in Roster.ToArray())
            {
                if (Piazza.Core.NickName.Comparer.Equals(member.Nick, nick))
                {
                    Roster[id] = mode == 'o' ? member with { IsOperator = add } : member with { IsVoiced = add };
                }
            }
        }

        /// <summary>Keeps the roster as the node's reports change it.</summary>
        public void Apply(RelayedEvent change)
        {
            if (change.Member is not { } member)
            {
                return;
            }

            switch (change.Kind)
            {
                case RelayedKind.Join:
                    Roster[member.Id] = member;
                    break;
                case RelayedKind.Part or RelayedKind.Kick or RelayedKind.Quit:
                    Roster.Remove(member.Id);
                    break;
                case RelayedKind.NickChange when Roster.TryGetValue(member.Id, out var known):
                    Roster[member.Id] = known with { Nick = change.Text, ChoseNick = true };
                    break;
            }
        }
    }
}
