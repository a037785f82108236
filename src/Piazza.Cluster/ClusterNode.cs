using System.Collections.Concurrent;
using System.Threading.Channels;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Orleans.Runtime;

using Piazza.Core;
using Piazza.Core.Accounts;
using Piazza.Core.Cluster;

namespace Piazza.Cluster;

/// <summary>
/// This node's side of the cluster: what the hub accepts and how its rooms' members change goes
/// out to the room grains, and what the room grains hand over comes in to the hub. Sessions never
/// wait on it: <see cref="Publish"/>, <see cref="PublishRoster"/> and the room changes are queued,
/// and loops of its own make the grain calls.
/// </summary>
/// <remarks>
/// <para>
/// The outbox loop takes what is queued, groups it by room and sends each room's share, all
/// rooms at once, waiting for them all before the next round. A room's share goes in the order
/// it was queued: its messages and roster changes as one batch, and where the room gained its
/// first member here or lost its last, a subscription (with the room's members here, which the
/// grain passes on) or its end, in between. So each room's grain sees this node's reports in the
/// order the hub made them, and publishing costs one grain call per room per round, not per
/// message. Every <see cref="ResubscribeInterval"/> each room the node follows (members here, or
/// registered: <see cref="ChatHub.Follows"/>) is subscribed again, which heals whatever a grain
/// forgot (its silo died, it was collected) or a dropped report missed.
/// </para>
/// <para>
/// The membership loop watches the cluster's members: when one is declared dead, its members
/// quit every room here with <see cref="NodeLostReason"/>.
/// </para>
/// </remarks>
public sealed partial class ClusterNode : BackgroundService, IClusterLink, INodeObserver
{
    /// <summary>How often the node subscribes again to its rooms: the longest a room that lost its grain misses this node.</summary>
    public static readonly TimeSpan ResubscribeInterval = TimeSpan.FromSeconds(10);

    /// <summary>What this node's members see as the quit of a dead node's members.</summary>
    public const string NodeLostReason = RoomGrain.NodeLostReason;

    /// <summary>Reports waiting to go out at most; past this they are dropped (and counted): the history has the messages, the next subscription the rosters.</summary>
    public const int MaxOutbox = 100_000;

    /// <summary>The most reports one round sends.</summary>
    private const int MaxRound = 4096;

    /// <summary>The waits between tries to commit a round's messages while the history cannot (PostgreSQL is down): the first, doubled each time up to the last.</summary>
    private static readonly TimeSpan FirstCommitRetry = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan LastCommitRetry = TimeSpan.FromSeconds(2);

    /// <summary>How long a session waits for the cluster to say whether a nick is free.</summary>
    public static readonly TimeSpan NickClaimTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a join into a room new to this node waits for the room's grain to say what the room is; past it the join goes on with what this node knows.</summary>
    public static readonly TimeSpan ViewTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How many message ids delivered from other nodes the node remembers, to drop a batch sent again after a failure.</summary>
    private const int RememberedMessageIds = 16_384;

    /// <summary>The waits before each new try of a batch whose grain call failed: a room grain on a dead node comes back elsewhere once the cluster declares the node dead.</summary>
    private static readonly TimeSpan[] PublishRetryDelays = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    private readonly IGrainFactory _grains;
    private readonly ILocalSiloDetails _silo;
    private readonly IClusterMembershipService _membership;
    private readonly ILogger<ClusterNode> _log;
    private readonly Channel<Outgoing> _outbox = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(MaxOutbox)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>The start of a node's mailbox's name (<see cref="MailboxOf"/>): a control character, which no room name may hold.</summary>
    private const string MailboxPrefix = "\u0001node ";

    /// <summary>
    /// The outbox's key for what goes to no grain (<see cref="HeldHere"/>): a control character, which
    /// no room name may hold; upper case, as <see cref="GrainKey.For"/> keeps it.
    /// </summary>
    private const string HereKey = "\u0001HERE";

    private readonly TaskCompletionSource<ChatHub> _hub = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Room grain key → a completion set once subscribed (WhenSubscribedAsync), and the room's name.
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _subscribed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _subscribedNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _lostNodes = new(StringComparer.Ordinal);
    private readonly RecentIds _delivered = new(RememberedMessageIds);
    private ChatHub? _attached;
    private INodeObserver? _self;
    private long _dropped;
    private string? _name;

    public ClusterNode(IGrainFactory grains, ILocalSiloDetails silo, IClusterMembershipService membership, ILogger<ClusterNode> log)
    {
        _grains = grains;
        _silo = silo;
        _membership = membership;
        _log = log;
    }

    /// <summary>What the node's health report shows: a moment's view, read without waiting.</summary>
    public ClusterNodeState State
    {
        get
        {
            var active = 0;
            foreach (var member in _membership.CurrentSnapshot.Members.Values)
            {
                if (member.Status == SiloStatus.Active)
                {
                    active++;
                }
            }

            var subscribed = 0;
            foreach (var entry in _subscribed)
            {
                if (entry.Value.Task.IsCompletedSuccessfully)
                {
                    subscribed++;
                }
            }

            var remote = Volatile.Read(ref _attached)?.RemoteMemberCount ?? 0;
            return new ClusterNodeState(_silo.Name, active, subscribed, remote, _outbox.Reader.Count, Dropped);
        }
    }

    /// <summary>This node's name among the room grains' subscribers: its silo's address, unique in the cluster.</summary>
    public string Name => _name ??= _silo.SiloAddress.ToParsableString(); // once: it goes on every report

    /// <summary>Reports that did not reach the other nodes: the outbox was full, or their grain call failed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Completes once this node is subscribed to the room (its members here then receive what
    /// other nodes accept in it, and see who is in it there): at once if it is. For tests and
    /// health checks, and for a join into a room new to this node (<see cref="ChatHub.WhenSharedAsync"/>).
    /// </summary>
    public Task WhenSubscribedAsync(string roomName, CancellationToken cancellationToken) =>
        _subscribed.GetOrAdd(GrainKey.For(roomName), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(cancellationToken);

    /// <summary>Connects the node to its hub (the hub is made once the stores are open): both directions start then.</summary>
    public void Attach(ChatHub hub)
    {
        hub.AttachCluster(this);
        AttachClusterWide(hub);
        _hub.TrySetResult(hub);
    }

    /// <inheritdoc/>
    /// <remarks>A private message to a member who shares no room with this node (no room named) goes through its node's mailbox.</remarks>
    public void Publish(NodeMessage message) =>
        Queue(new Outgoing(message.Room.Length == 0 && message.Target is { } to ? MailboxOf(to.Node) : message.Room, message));

    /// <inheritdoc/>
    /// <remarks>Queued under a key no grain has (<see cref="HereKey"/>): its round's commit shows it, with no grain call.</remarks>
    public void ShowWhenStored(string messageId) => Queue(new Outgoing(HereKey, new HeldHere(messageId)));

    /// <inheritdoc/>
    public void PublishRoster(NodeRosterChange change) => Queue(new Outgoing(change.Room, change));

    /// <inheritdoc/>
    public void PublishTopic(NodeTopic topic) => Queue(new Outgoing(topic.Room, topic));

    /// <inheritdoc/>
    public void PublishModes(NodeModes modes) => Queue(new Outgoing(modes.Room, modes));

    /// <inheritdoc/>
    public void PublishRegistration(NodeRegistration registration) => Queue(new Outgoing(registration.Room, registration));

    /// <inheritdoc/>
    /// <remarks>
    /// The room is followed under its new name as one that was there already, so the new name's
    /// grain, young, hands over what another node said in it before this node's subscription.
    /// </remarks>
    public void PublishRename(NodeRename rename)
    {
        _subscribedNames.TryAdd(GrainKey.For(rename.NewName), rename.NewName);
        Queue(new Outgoing(rename.Room, rename));
    }

    /// <inheritdoc/>
    /// <remarks>Through the invited member's node's mailbox: that node need not have the room.</remarks>
    public void PublishInvite(NodeInvite invite) => Queue(new Outgoing(MailboxOf(invite.Target.Node), invite));

    /// <inheritdoc/>
    public void PublishMemberChange(string node, NodeMemberChange change) => Queue(new Outgoing(MailboxOf(node), change));

    /// <inheritdoc/>
    /// <remarks>
    /// When the cluster cannot answer (the nick's grain is unreachable: a node just died), the
    /// nick is given: a session is not kept waiting, nor told a free nick is taken. The claims of
    /// every node are made again as soon as a node stops, which finds a clash made meanwhile.
    /// In order with this node's other calls about the nick: a claim made just after a member here
    /// let the nick go (it quit) waits for that release, rather than find the nick still held.
    /// </remarks>
    public async Task<bool> ClaimNickAsync(string nick, string holder, CancellationToken cancellationToken)
    {
        try
        {
            var grain = _grains.GetGrain<INickGrain>(GrainKey.For(nick));
            return await _nickCalls.Run(GrainKey.For(nick), () => UndeliveredCalls.RetryAsync(() => grain.Claim(Name, holder), NickClaimTimeout)).WaitAsync(NickClaimTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNickClaimFailed(nick, ex.GetType().Name, ex.Message);
            return true;
        }
    }

    /// <inheritdoc/>
    public async Task<NodeRoomView?> ViewRoomAsync(string roomName, CancellationToken cancellationToken)
    {
        try
        {
            var grain = _grains.GetGrain<IRoomGrain>(GrainKey.For(roomName));
            var view = await UndeliveredCalls.RetryAsync(() => grain.View(Name), ViewTimeout, cancellationToken);
            return view.ToNode();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogViewFailed(roomName, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<string?> LocateNickAsync(string nick, CancellationToken cancellationToken)
    {
        try
        {
            var grain = _grains.GetGrain<INickGrain>(GrainKey.For(nick));
            var node = await UndeliveredCalls.RetryAsync(grain.Holder, NickClaimTimeout, cancellationToken);
            return node == Name ? null : node;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNickUnanswered(nick, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<NodeMember?> DescribeAsync(string node, string nick, CancellationToken cancellationToken)
    {
        try
        {
            var member = await _grains.GetGrain<IRoomGrain>(GrainKey.For(MailboxOf(node))).Describe(nick).WaitAsync(NickClaimTimeout, cancellationToken);
            return member?.ToNodeMember();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNickUnanswered(nick, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    /// <inheritdoc/>
    Task<RelayedMember?> INodeObserver.Describe(string nick) =>
        Task.FromResult(Volatile.Read(ref _attached)?.Describe(nick) is { } member ? RelayedMember.From(member, Name) : null);

    /// <inheritdoc/>
    public void RoomOccupied(string roomName) => Queue(new Outgoing(roomName, null));

    /// <inheritdoc/>
    public void RoomVacated(string roomName) => Queue(new Outgoing(roomName, null));

    /// <inheritdoc/>
    Task INodeObserver.Deliver(RelayedEvent[] events)
    {
        // One grain's batch: the cluster's channel's, or a room's (or mailbox's).
        if (events.Length > 0 && IsClusterWide(events[0].Room))
        {
            DeliverClusterWide(events);
            return Task.CompletedTask;
        }

        if (Volatile.Read(ref _attached) is not { } hub)
        {
            return Task.CompletedTask;
        }

        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case RelayedKind.Place:
                    hub.ShowHeld(e.MessageId);
                    break;
                case RelayedKind.Message:
                    if (!_delivered.Add(e.MessageId))
                    {
                        break;
                    }

                    if (e.Target is null)
                    {
                        hub.DeliverFromNode(e.ToNodeMessage());
                    }
                    else if (e.Target.Node == Name)
                    {
                        hub.DeliverPrivateFromNode(e.Origin, e.ToNodeMessage());
                    }

                    break;
                case RelayedKind.Roster:
                    hub.SyncFromNodes(e.Room, onlyNode: null, [.. e.Roster.Select(m => m.ToNodeMember())], e.Text);
                    hub.SettleFounder(e.Room, othersPresent: e.Roster.Length > 0 || e.FoundedElsewhere);
                    break;
                case RelayedKind.Topic:
                    hub.ApplyTopicFromNode(e.Origin, e.ToNodeTopic());
                    break;
                case RelayedKind.Modes:
                    hub.ApplyModesFromNode(e.Origin, e.ToNodeModes());
                    break;
                case RelayedKind.Registration:
                    hub.ApplyRegistrationFromNode(e.ToNodeRegistration());
                    break;
                case RelayedKind.Rename:
                    // Followed under the new name from now on, and as one that was there: the new
                    // name's grain, young, hands over what was said in it before this node subscribes.
                    _subscribedNames.TryAdd(GrainKey.For(e.RenamedTo), e.RenamedTo);
                    hub.ApplyRenameFromNode(e.Origin, e.ToNodeRename());
                    break;
                case RelayedKind.MemberChange:
                    hub.ApplyMemberChangeFromNode(e.Origin, e.ToNodeMemberChange());
                    break;
                case RelayedKind.Invite when e.Target?.Node == Name:
                    hub.ApplyInviteFromNode(e.Origin, e.ToNodeInvite());
                    break;
                case RelayedKind.Settings when e.Settings is { } settings:
                    hub.AdoptSettingsFromNodes(e.Room, settings.ToNode());
                    break;
                case RelayedKind.RosterPart:
                    foreach (var node in e.Roster.GroupBy(m => m.Node, StringComparer.Ordinal))
                    {
                        hub.SyncFromNodes(e.Room, node.Key, [.. node.Select(m => m.ToNodeMember())], e.Text);
                    }

                    hub.SettleFounder(e.Room, othersPresent: e.Roster.Length > 0 || e.FoundedElsewhere);
                    break;
                case RelayedKind.NodeRoster:
                    var lost = e.Text == NodeLostReason;
                    hub.SyncFromNodes(e.Room, e.Origin, [.. e.Roster.Select(m => m.ToNodeMember())], e.Text, nodeLost: lost);
                    if (lost)
                    {
                        hub.MayHaveMissedFromNodes(e.Room);
                    }

                    break;
                case RelayedKind.Kick when e.Member?.Node == Name:
                    // Another node's operator kicked a member of this node.
                    if (e.ToRosterChange() is { } kick)
                    {
                        hub.ApplyKickOfOwnFromNode(e.Origin, kick);
                    }

                    break;
                default:
                    if (e.ToRosterChange() is { } change)
                    {
                        hub.ApplyFromNode(e.Origin, change);
                    }

                    break;
            }
        }

        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hub = await _hub.Task.WaitAsync(stoppingToken);
        _self ??= _grains.CreateObjectReference<INodeObserver>(this);
        await SubscribeMailboxAsync();

        // The registered rooms the hub was made with: followed from the start, members or not.
        foreach (var room in hub.FollowedRoomNames)
        {
            Queue(new Outgoing(room, null));
        }

        try
        {
            await Task.WhenAll(OutboxLoopAsync(hub, stoppingToken), ResubscribeLoopAsync(hub, stoppingToken), MembershipLoopAsync(hub, stoppingToken), RewatchLoopAsync(hub, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _grains.DeleteObjectReference<INodeObserver>(_self);
        }
    }

    private void Queue(Outgoing item)
    {
        if (!_outbox.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _dropped);
            if (item.Report switch { NodeMessage message => message.MessageId, HeldHere here => here.MessageId, _ => null } is { } held)
            {
                // Its sender waits for it: shown here at once, without its place among the other
                // nodes' (they miss it live; it is in the history's queue).
                Volatile.Read(ref _attached)?.ShowHeld(held);
            }
        }
    }

    private async Task OutboxLoopAsync(ChatHub hub, CancellationToken stoppingToken)
    {
        var rooms = new Dictionary<string, List<Outgoing>>(StringComparer.Ordinal);
        var reader = _outbox.Reader;
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            for (var taken = 0; taken < MaxRound && reader.TryRead(out var item); taken++)
            {
                var key = GrainKey.For(item.Room);
                if (!rooms.TryGetValue(key, out var share))
                {
                    rooms[key] = share = [];
                }

                share.Add(item);
            }

            await DurableAsync(hub, rooms.Values, stoppingToken);
            var calls = new List<Task>(rooms.Count);
            foreach (var (key, share) in rooms)
            {
                if (key == HereKey)
                {
                    ShowHeldHere(hub, share);
                }
                else
                {
                    calls.Add(SendShareAsync(hub, key, share));
                }
            }

            await Task.WhenAll(calls);
            rooms.Clear();
        }
    }

    /// <summary>
    /// Waits until the round's messages are committed to the shared history (a commit now, not at
    /// the store's next interval) before anyone is shown them, on this node or another: what
    /// anyone saw, and every message its sender was told went out, is never lost with a node.
    /// While the history cannot commit (PostgreSQL is down) the round waits, trying again with
    /// backoff, and so does what is queued behind it; it goes out, in order, once PostgreSQL is back.
    /// </summary>
    private async Task DurableAsync(ChatHub hub, IEnumerable<List<Outgoing>> shares, CancellationToken stoppingToken)
    {
        // A rename too: its history's move is queued in the store as a message is, and the other
        // nodes, once told, read the room's history under the new name.
        if (hub.History is not { } history || !shares.Any(share => share.Any(item => item.Report is NodeMessage or HeldHere or NodeRename)))
        {
            return;
        }

        var failures = 0;
        var delay = FirstCommitRetry;
        while (!await history.CommitAsync(stoppingToken))
        {
            if (failures++ == 0)
            {
                LogCommitWaits();
            }

            await Task.Delay(delay, stoppingToken);
            delay = delay * 2 < LastCommitRetry ? delay * 2 : LastCommitRetry;
        }

        if (failures > 0)
        {
            LogCommitsAgain(failures);
        }
    }

    /// <summary>The round's held private messages between members of this node: committed now, so shown.</summary>
    private static void ShowHeldHere(ChatHub hub, List<Outgoing> share)
    {
        foreach (var item in share)
        {
            hub.ShowHeld(((HeldHere)item.Report!).MessageId);
        }
    }

    /// <summary>A report of the outbox as it goes to the room's grain; null for a subscription change, which is a call of its own.</summary>
    private RelayedEvent? ToRelayed(Outgoing item) => item.Report switch
    {
        NodeMessage message => RelayedEvent.From(message, Name),
        NodeRosterChange change => RelayedEvent.From(change, Name),
        NodeTopic topic => RelayedEvent.From(topic, Name),
        NodeModes modes => RelayedEvent.From(modes, Name),
        NodeRegistration registration => RelayedEvent.From(registration, Name),
        NodeRename rename => RelayedEvent.From(rename, Name),
        NodeInvite invite => RelayedEvent.From(invite, Name, item.Room),
        NodeMemberChange change => RelayedEvent.From(change, Name, item.Room),
        NodeServerBan ban => RelayedEvent.From(ban, Name, item.Room),
        AccountRecord account => RelayedEvent.From(account, Name, item.Room),
        OperatorFlag flag => RelayedEvent.From(flag.Account, Name, item.Room, operatorFlagOnly: true),
        _ => null,
    };

    /// <summary>One room's share of a round, in order: reports in batches, with any subscription change where it was queued.</summary>
    private async Task SendShareAsync(ChatHub hub, string key, List<Outgoing> share)
    {
        var batch = new List<RelayedEvent>(share.Count);
        var lastWasInterest = false;
        foreach (var item in share)
        {
            if (ToRelayed(item) is { } relayed)
            {
                batch.Add(relayed);
                lastWasInterest = false;
            }
            else if (!lastWasInterest)
            {
                // A subscription change (none in the report): the reports before it go first.
                await PublishAsync(hub, key, item.Room, batch);
                await SubscribeAsync(hub, key, item.Room);
                lastWasInterest = true;
            }
        }

        await PublishAsync(hub, key, share[^1].Room, batch);
    }

    /// <summary>
    /// The room grain has had this node's messages of <paramref name="events"/> (or could not be
    /// reached): any it did not hand back with their place (<see cref="RelayedKind.Place"/>: the
    /// grain did not know this node, or dropped it) are shown here now. They are committed.
    /// </summary>
    private static void ShowUnplaced(ChatHub hub, RelayedEvent[] events)
    {
        foreach (var e in events)
        {
            if (e.Kind == RelayedKind.Message)
            {
                hub.ShowHeld(e.MessageId);
            }
        }
    }

    private async Task PublishAsync(ChatHub hub, string key, string roomName, List<RelayedEvent> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        RelayedEvent[] events = [.. batch];
        batch.Clear();
        try
        {
            await PublishWithRetriesAsync(hub, key, roomName, events);
        }
        finally
        {
            ShowUnplaced(hub, events);
        }
    }

    private async Task PublishWithRetriesAsync(ChatHub hub, string key, string roomName, RelayedEvent[] events)
    {
        var grain = _grains.GetGrain<IRoomGrain>(key);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (await grain.Publish(Name, events) || attempt > 0 || IsMailbox(roomName))
                {
                    return;
                }

                // A new activation of the room's grain (its silo died, or it was collected) that
                // did not know this node: it passed the batch to the nodes it knew, maybe none.
                // Subscribed, this node sends it again; a node that had it already drops the repeat.
                await ResubscribeAsync(hub, key, roomName);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < PublishRetryDelays.Length)
            {
                // Most often the room's grain was on a node that died: the next call makes it anew elsewhere.
                LogPublishRetried(key, events.Length, ex.GetType().Name, ex.Message);
                hub.MayHaveMissedFromNodes(roomName);
                await Task.Delay(PublishRetryDelays[attempt]);
                await ResubscribeAsync(hub, key, roomName);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The other nodes miss these live; the shared history has the messages, the next subscription the roster.
                Interlocked.Add(ref _dropped, events.Length);
                LogPublishFailed(key, events.Length, ex.GetType().Name, ex.Message);
                return;
            }
        }
    }

    /// <summary>Subscribes again to the grain a batch went to, before sending it again: the cluster's channel, or a room (whose messages this node may have missed meanwhile).</summary>
    private async Task ResubscribeAsync(ChatHub hub, string key, string roomName)
    {
        if (IsClusterWide(roomName))
        {
            await SubscribeClusterWideAsync();
            return;
        }

        hub.MayHaveMissedFromNodes(roomName);
        await SubscribeAsync(hub, key, roomName);
    }

    /// <summary>
    /// Subscribes to the room with its members here (none, for a registered room the node follows
    /// without members: <see cref="ChatHub.Follows"/>), or, when it no longer follows it, ends the subscription.
    /// </summary>
    private async Task SubscribeAsync(ChatHub hub, string key, string roomName)
    {
        // Whether the node follows the room now decides, not which event queued this: events race.
        var roster = hub.LocalRoster(roomName);
        var follows = roster.Count > 0 || hub.Follows(roomName);
        var grain = _grains.GetGrain<IRoomGrain>(key);
        try
        {
            if (follows)
            {
                var again = _subscribedNames.ContainsKey(key);
                var settings = hub.RoomSettings(roomName) is { } here ? RelayedRoomModes.From(here) : null;
                await grain.Subscribe(Name, _self!, [.. roster.Select(m => RelayedMember.From(m, Name))], again, settings);
                _subscribedNames[key] = roomName;
                _subscribed.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
            else if (_subscribedNames.TryRemove(key, out _))
            {
                _subscribed.TryRemove(key, out _);
                await grain.Unsubscribe(Name);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogInterestFailed(key, follows ? "subscribe to" : "unsubscribe from", ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>
    /// The room grain, under a name no room can have, through which other nodes send this node's
    /// members private messages when they share no room with them: subscribed with no roster, at
    /// start and with every room's subscription after.
    /// </summary>
    private static string MailboxOf(string node) => MailboxPrefix + node;

    private static bool IsMailbox(string roomName) => roomName.StartsWith(MailboxPrefix, StringComparison.Ordinal);

    private async Task SubscribeMailboxAsync()
    {
        var mailbox = MailboxOf(Name);
        try
        {
            await _grains.GetGrain<IRoomGrain>(GrainKey.For(mailbox)).Subscribe(Name, _self!, [], again: false, settings: null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogInterestFailed(mailbox, "subscribe to", ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>Every <see cref="ResubscribeInterval"/>: each room the node follows subscribes again, each it no longer follows ends its subscription.</summary>
    private async Task ResubscribeLoopAsync(ChatHub hub, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ResubscribeInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var rooms = new Dictionary<string, string>(_subscribedNames, StringComparer.Ordinal);
            foreach (var room in hub.FollowedRoomNames)
            {
                rooms[GrainKey.For(room)] = room;
            }

            foreach (var room in rooms.Values)
            {
                Queue(new Outgoing(room, null));
            }

            await SubscribeMailboxAsync();
            await SubscribeClusterWideAsync();
        }
    }

    private async Task ReleaseNickAsync(string nick, string holder)
    {
        try
        {
            var grain = _grains.GetGrain<INickGrain>(GrainKey.For(nick));
            await UndeliveredCalls.RetryAsync(() => grain.Release(Name, holder), NickNoticeTimeout);
        }
        catch (Exception ex)
        {
            // The grain is gone (its node died): it forgot the claim with it.
            LogNickReleaseFailed(nick, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>
    /// Claims again every nick this node's members hold, as online (<see cref="INickGrain.Online"/>),
    /// and watches again every nick watched here: the nick grains on a node that stopped start
    /// afresh, knowing no holder and no watcher.
    /// </summary>
    private async Task ClaimNicksAgainAsync(ChatHub hub)
    {
        _ = RewatchAsync(hub, CancellationToken.None);
        foreach (var member in hub.Members.ToArray())
        {
            if (member.HasChosenNick && !member.HasLeft && hub.Describe(member.Nick) is { } online
                && !await _nickCalls.Run(GrainKey.For(member.Nick), () => AnnounceOnlineAsync(member.Nick, member.NickHolder, online)))
            {
                // Someone took it meanwhile on another node; both keep it until one changes.
                LogNickClash(member.Nick);
            }
        }
    }

    /// <summary>
    /// Drops the members of every node the cluster declares dead, once each; and as any other
    /// node stops being active, subscribes again to every room it follows at once, not at
    /// the next resubscription: the room grains that lived on it start afresh elsewhere, knowing
    /// no node, and a node they do not know misses the room's messages.
    /// </summary>
    private async Task MembershipLoopAsync(ChatHub hub, CancellationToken stoppingToken)
    {
        var self = _silo.SiloAddress;
        var known = new Dictionary<SiloAddress, SiloStatus>();
        await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(stoppingToken))
        {
            var resubscribe = false;
            foreach (var (address, member) in snapshot.Members)
            {
                if (address.Equals(self))
                {
                    continue;
                }

                var was = known.GetValueOrDefault(address, SiloStatus.None);
                known[address] = member.Status;
                resubscribe |= was == SiloStatus.Active && member.Status != SiloStatus.Active;
                if (member.Status == SiloStatus.Dead && _lostNodes.Add(address.ToParsableString()))
                {
                    var before = hub.RemoteMemberCount;
                    hub.DropNode(address.ToParsableString(), NodeLostReason);
                    LogNodeLost(address.ToParsableString(), before - hub.RemoteMemberCount);
                    resubscribe = true;
                }
            }

            if (resubscribe)
            {
                _ = ClaimNicksAgainAsync(hub);
                _ = SubscribeMailboxAsync();
                _ = SubscribeClusterWideAsync();
                foreach (var room in hub.FollowedRoomNames)
                {
                    hub.MayHaveMissedFromNodes(room);
                    Queue(new Outgoing(room, null));
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: {Count} reports of room {Room} did not reach the other nodes ({Error}: {Detail}); the history has the messages, the next subscription the roster")]
    private partial void LogPublishFailed(string room, int count, string error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: {Count} reports of room {Room} are sent again ({Error}: {Detail})")]
    private partial void LogPublishRetried(string room, int count, string error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: could not {Action} room {Room} ({Error}: {Detail}); tried again within the resubscribe interval")]
    private partial void LogInterestFailed(string room, string action, string error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: the history cannot commit (is PostgreSQL down?); messages wait, shown to no one, and are tried again until it can")]
    private partial void LogCommitWaits();

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: the history commits again after {Failures} failed tries; the messages that waited go out in order")]
    private partial void LogCommitsAgain(int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: could not claim nick {Nick} across the cluster ({Error}: {Detail}); given")]
    private partial void LogNickClaimFailed(string nick, string error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: could not find where nick {Nick} is held, or have its node describe it ({Error}: {Detail}); answered as if nobody held it")]
    private partial void LogNickUnanswered(string nick, string error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: could not ask the cluster about room {Room} before a join ({Error}: {Detail}); joined with what this node knows")]
    private partial void LogViewFailed(string room, string error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: could not release nick {Nick} ({Error}: {Detail})")]
    private partial void LogNickReleaseFailed(string nick, string error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: nick {Nick}, held here, was taken on another node while a node stopped; both keep it until one changes")]
    private partial void LogNickClash(string nick);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: node {Node} is dead; its {Count} members here left their rooms")]
    private partial void LogNodeLost(string node, int count);

    /// <summary>What waits in the outbox: a message, a roster change, or (null) a room to subscribe to or leave as its members here say.</summary>
    private sealed record Outgoing(string Room, object? Report);

    /// <summary>A held private message to a member of this node (<see cref="ShowWhenStored"/>): shown once its round is committed.</summary>
    private sealed record HeldHere(string MessageId);
}
