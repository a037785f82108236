using System.Threading.Channels;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Orleans.Runtime;

using Piazza.Core;
using Piazza.Core.Cluster;

namespace Piazza.Cluster;

/// <summary>
/// This node's side of the cluster: what the hub accepts goes out to the room grains, and what
/// the room grains hand over comes in to the hub. Sessions never wait on it: <see cref="Publish"/>
/// and the room changes are queued, and two loops of its own make the grain calls.
/// </summary>
/// <remarks>
/// <para>
/// The outbox loop takes what is queued, groups it by room and publishes each room's batch,
/// all rooms at once, waiting for them all before the next round: a room's batches reach the
/// grain one after another, so its order is the order the hub accepted them in. Publishing
/// costs one grain call per room per round, not per message.
/// </para>
/// <para>
/// The interest loop subscribes the node to a room when its first member here joins and
/// unsubscribes when its last one leaves (asking the hub again first: someone may have come
/// back meanwhile), and every <see cref="ResubscribeInterval"/> subscribes again to every room
/// with members here, which heals whatever a grain forgot (its silo died, it was collected).
/// </para>
/// </remarks>
public sealed partial class ClusterNode : BackgroundService, IClusterLink, INodeObserver
{
    /// <summary>How often the node subscribes again to its rooms: the longest a room that lost its grain misses this node.</summary>
    public static readonly TimeSpan ResubscribeInterval = TimeSpan.FromSeconds(10);

    /// <summary>Messages waiting to go out at most; past this they are dropped (and counted): the history has them.</summary>
    public const int MaxOutbox = 100_000;

    /// <summary>The most messages one round publishes.</summary>
    private const int MaxRound = 4096;

    private readonly IGrainFactory _grains;
    private readonly ILocalSiloDetails _silo;
    private readonly IClusterMembershipService _membership;
    private readonly ILogger<ClusterNode> _log;
    private readonly Channel<NodeMessage> _outbox = Channel.CreateBounded<NodeMessage>(new BoundedChannelOptions(MaxOutbox)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly Channel<string> _interest = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<ChatHub> _hub = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _subscribed = new(StringComparer.Ordinal);
    private ChatHub? _attached;
    private INodeObserver? _self;
    private long _dropped;

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

            return new ClusterNodeState(_silo.Name, active, subscribed, _outbox.Reader.Count, Dropped);
        }
    }

    /// <summary>This node's name among the room grains' subscribers: its silo's address, unique in the cluster.</summary>
    public string Name => _silo.SiloAddress.ToParsableString();

    /// <summary>Messages that did not reach the other nodes: the outbox was full, or their grain call failed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Completes once this node is subscribed to the room (its members here then receive what
    /// other nodes accept in it): at once if it is. For tests and health checks; the chat never waits on it.
    /// </summary>
    public Task WhenSubscribedAsync(string roomName, CancellationToken cancellationToken) =>
        _subscribed.GetOrAdd(RoomGrainKey.For(roomName), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(cancellationToken);

    /// <summary>Connects the node to its hub (the hub is made once the stores are open): both directions start then.</summary>
    public void Attach(ChatHub hub)
    {
        hub.AttachCluster(this);
        Volatile.Write(ref _attached, hub);
        _hub.TrySetResult(hub);
    }

    /// <inheritdoc/>
    public void Publish(NodeMessage message)
    {
        if (!_outbox.Writer.TryWrite(message))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <inheritdoc/>
    public void RoomOccupied(string roomName) => _interest.Writer.TryWrite(roomName);

    /// <inheritdoc/>
    public void RoomVacated(string roomName) => _interest.Writer.TryWrite(roomName);

    /// <inheritdoc/>
    Task INodeObserver.Deliver(RelayedMessage[] messages)
    {
        if (Volatile.Read(ref _attached) is { } hub)
        {
            foreach (var message in messages)
            {
                hub.DeliverFromNode(message.ToNodeMessage());
            }
        }

        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hub = await _hub.Task.WaitAsync(stoppingToken);
        _self = _grains.CreateObjectReference<INodeObserver>(this);
        try
        {
            await Task.WhenAll(PublishLoopAsync(stoppingToken), InterestLoopAsync(hub, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _grains.DeleteObjectReference<INodeObserver>(_self);
        }
    }

    private async Task PublishLoopAsync(CancellationToken stoppingToken)
    {
        var rooms = new Dictionary<string, List<RelayedMessage>>(StringComparer.Ordinal);
        var reader = _outbox.Reader;
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            for (var taken = 0; taken < MaxRound && reader.TryRead(out var message); taken++)
            {
                var key = RoomGrainKey.For(message.Room);
                if (!rooms.TryGetValue(key, out var batch))
                {
                    rooms[key] = batch = [];
                }

                batch.Add(RelayedMessage.From(message));
            }

            var calls = new List<Task>(rooms.Count);
            foreach (var (key, batch) in rooms)
            {
                calls.Add(PublishAsync(key, [.. batch]));
            }

            await Task.WhenAll(calls);
            rooms.Clear();
        }
    }

    private async Task PublishAsync(string key, RelayedMessage[] batch)
    {
        try
        {
            await _grains.GetGrain<IRoomGrain>(key).Publish(Name, batch);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The other nodes miss these live; the shared history has them.
            Interlocked.Add(ref _dropped, batch.Length);
            LogPublishFailed(key, batch.Length, ex.GetType().Name, ex.Message);
        }
    }

    private async Task InterestLoopAsync(ChatHub hub, CancellationToken stoppingToken)
    {
        var subscribed = new HashSet<string>(StringComparer.Ordinal);
        using var timer = new PeriodicTimer(ResubscribeInterval);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        var change = _interest.Reader.WaitToReadAsync(stoppingToken).AsTask();
        while (true)
        {
            var woke = await Task.WhenAny(tick, change);
            if (woke == tick)
            {
                if (!await tick)
                {
                    return;
                }

                var now = Occupied(hub);
                foreach (var key in subscribed)
                {
                    if (!now.Contains(key))
                    {
                        await CallAsync(key, subscribe: false);
                    }
                }

                subscribed.Clear();
                foreach (var key in now)
                {
                    if (await CallAsync(key, subscribe: true))
                    {
                        subscribed.Add(key);
                    }
                }

                tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                continue;
            }

            if (!await change)
            {
                return;
            }

            while (_interest.Reader.TryRead(out var room))
            {
                // Whether the room has members here now decides, not which event came: events race.
                var key = RoomGrainKey.For(room);
                var wanted = hub.FindRoom(room) is { Count: > 0 };
                if (wanted != subscribed.Contains(key))
                {
                    if (await CallAsync(key, wanted))
                    {
                        _ = wanted ? subscribed.Add(key) : subscribed.Remove(key);
                    }
                }
            }

            change = _interest.Reader.WaitToReadAsync(stoppingToken).AsTask();
        }
    }

    private static HashSet<string> Occupied(ChatHub hub)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var room in hub.OccupiedRoomNames)
        {
            keys.Add(RoomGrainKey.For(room));
        }

        return keys;
    }

    private async Task<bool> CallAsync(string key, bool subscribe)
    {
        try
        {
            var grain = _grains.GetGrain<IRoomGrain>(key);
            if (subscribe)
            {
                await grain.Subscribe(Name, _self!);
                _subscribed.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
            else
            {
                _subscribed.TryRemove(key, out _);
                await grain.Unsubscribe(Name);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogInterestFailed(key, subscribe ? "subscribe to" : "unsubscribe from", ex.GetType().Name, ex.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: {Count} messages of room {Room} did not reach the other nodes ({Error}: {Detail}); the history has them")]
    private partial void LogPublishFailed(string room, int count, string error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: could not {Action} room {Room} ({Error}: {Detail}); tried again within the resubscribe interval")]
    private partial void LogInterestFailed(string room, string action, string error, string detail);
}
