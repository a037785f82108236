using Microsoft.Extensions.Logging;

using Piazza.Core;
using Piazza.Core.Accounts;
using Piazza.Core.Cluster;

namespace Piazza.Cluster;

/// <summary>
/// The cluster's own channel: what holds on every node, not in one room (server bans, accounts).
/// It is a room grain under a name no room can have (a control character, as a node's mailbox),
/// which every node subscribes to with no roster, so its changes reach every node in one order
/// through the outbox, its retries and its early replay, as a room's do.
/// </summary>
/// <remarks>
/// A node subscribes before it reads the server bans and accounts from the store
/// (<see cref="HearClusterAsync"/>, from the server's start) and keeps what arrives until its hub
/// is attached, then applies it after the load: a change made elsewhere meanwhile is then either
/// in what it read or applied after it, never lost between the two (a node publishes a change
/// only once it has tried to store it).
/// </remarks>
public sealed partial class ClusterNode
{
    /// <summary>The name the cluster's channel travels under.</summary>
    private const string ClusterWideName = "\u0001cluster";

    private static readonly string ClusterWideKey = GrainKey.For(ClusterWideName);

    private readonly Lock _clusterWideGate = new();

    // What the cluster's channel delivered before the hub was attached, to apply in order after it (under the gate).
    private readonly List<RelayedEvent> _clusterWideBeforeHub = [];

    // Subscribed once already: later subscriptions ask a new activation of the grain for what it had meanwhile.
    private bool _clusterWideOnce;

    /// <inheritdoc/>
    /// <remarks>Through the cluster's channel, in the outbox's order.</remarks>
    public void PublishServerBan(NodeServerBan change) => Queue(new Outgoing(ClusterWideName, change));

    /// <inheritdoc/>
    /// <remarks>Through the cluster's channel, in the outbox's order.</remarks>
    public void PublishAccount(AccountRecord account) => Queue(new Outgoing(ClusterWideName, account));

    /// <inheritdoc/>
    public void PublishOperatorFlag(AccountRecord account) => Queue(new Outgoing(ClusterWideName, new OperatorFlag(account)));

    /// <summary>An account's operator flag set here, queued for the cluster's channel (the account itself travels as a registration).</summary>
    private sealed record OperatorFlag(AccountRecord Account);

    /// <summary>
    /// Subscribes this node to the cluster's channel: called once the silo runs and before the
    /// server reads its server bans and accounts from the store, so nothing set elsewhere falls
    /// between that read and the subscription. A failure is logged; the resubscription tries again.
    /// </summary>
    public async Task HearClusterAsync(CancellationToken cancellationToken)
    {
        _self ??= _grains.CreateObjectReference<INodeObserver>(this);
        await SubscribeClusterWideAsync().WaitAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="roomName"/> (as published, or a grain's key) names the cluster's channel; asked of every batch delivered, so it allocates nothing.</summary>
    private static bool IsClusterWide(string roomName) => string.Equals(roomName, ClusterWideName, StringComparison.OrdinalIgnoreCase);

    private async Task SubscribeClusterWideAsync()
    {
        try
        {
            await _grains.GetGrain<IRoomGrain>(ClusterWideKey).Subscribe(Name, _self!, [], again: Volatile.Read(ref _clusterWideOnce), settings: null);
            Volatile.Write(ref _clusterWideOnce, true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogInterestFailed(ClusterWideName, "subscribe to", ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>Connects the hub, and applies what the cluster's channel delivered before it, in order, before anything delivered after.</summary>
    private void AttachClusterWide(ChatHub hub)
    {
        lock (_clusterWideGate)
        {
            Volatile.Write(ref _attached, hub);
            foreach (var e in _clusterWideBeforeHub)
            {
                ApplyClusterWide(hub, e);
            }

            _clusterWideBeforeHub.Clear();
        }
    }

    /// <summary>A batch from the cluster's channel: applied now, or kept until the hub is attached.</summary>
    private void DeliverClusterWide(RelayedEvent[] events)
    {
        lock (_clusterWideGate)
        {
            if (Volatile.Read(ref _attached) is not { } hub)
            {
                if (_clusterWideBeforeHub.Count + events.Length <= MaxOutbox)
                {
                    _clusterWideBeforeHub.AddRange(events);
                }
                else
                {
                    Interlocked.Add(ref _dropped, events.Length);
                }

                return;
            }

            foreach (var e in events)
            {
                ApplyClusterWide(hub, e);
            }
        }
    }

    private void ApplyClusterWide(ChatHub hub, RelayedEvent e)
    {
        // The grain's welcome (an empty roster) carries nothing; a change sent again is dropped.
        if (e.Kind is not (RelayedKind.ServerBan or RelayedKind.Account) || !_delivered.Add(e.MessageId))
        {
            return;
        }

        if (e.Kind == RelayedKind.Account)
        {
            if (e.Account is { OperatorFlagOnly: true } flagged)
            {
                hub.ApplyOperatorFlagFromNode(flagged.ToAccount());
            }
            else if (e.Account is { } account)
            {
                hub.ApplyAccountFromNode(account.ToAccount());
                LogAccountTaken(account.Name, e.Origin);
            }

            return;
        }

        var result = hub.ApplyServerBanFromNode(e.ToNodeServerBan());
        if (e.ServerBan is null)
        {
            LogServerBanLifted(e.Text, e.Origin);
        }
        else if (result.Error == ChatError.BanListFull)
        {
            LogServerBanNotTaken(e.Text, e.Origin);
        }
        else
        {
            LogServerBanTaken(e.Text, e.Origin, e.ServerBan.SetBy, e.ServerBan.Reason, result.Cut);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: server ban on {Mask} set by {SetBy} on node {Node} ({Reason}); {Cut} client(s) cut here")]
    private partial void LogServerBanTaken(string mask, string node, string setBy, string reason, int cut);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: server ban on {Mask} lifted on node {Node}")]
    private partial void LogServerBanLifted(string mask, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: account {Account} registered on node {Node}; its nick is reserved here")]
    private partial void LogAccountTaken(string account, string node);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cluster: server ban on {Mask} from node {Node} not taken: this node holds the most bans it may")]
    private partial void LogServerBanNotTaken(string mask, string node);
}
