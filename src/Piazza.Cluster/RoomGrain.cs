using Microsoft.Extensions.Logging;

namespace Piazza.Cluster;

/// <summary>
/// A room's grain: the nodes with members in the room, and the hand-over of each node's messages
/// to the others. Orleans runs one call at a time on it, so the batches of all nodes reach every
/// node in one order: the order of <see cref="Publish"/> calls.
/// </summary>
/// <remarks>
/// It keeps no state that outlives it: nodes subscribe again every <see cref="ClusterNode.ResubscribeInterval"/>,
/// so a grain that moved (its silo died) or was collected knows its nodes again within that
/// time. A node that does not take a batch within <see cref="DeliverTimeout"/> is dropped (it
/// comes back with its next subscription): one lost node must not hold up the others.
/// </remarks>
internal sealed partial class RoomGrain(ILogger<RoomGrain> log) : Grain, IRoomGrain
{
    /// <summary>How long a node may take to take a batch before the room drops it.</summary>
    public static readonly TimeSpan DeliverTimeout = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, INodeObserver> _nodes = new(StringComparer.Ordinal);

    public Task Subscribe(string node, INodeObserver observer)
    {
        _nodes[node] = observer;
        return Task.CompletedTask;
    }

    public Task Unsubscribe(string node)
    {
        _nodes.Remove(node);
        if (_nodes.Count == 0)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public Task Publish(string origin, RelayedMessage[] messages)
    {
        if (messages.Length == 0 || _nodes.Count == 0 || (_nodes.Count == 1 && _nodes.ContainsKey(origin)))
        {
            return Task.CompletedTask;
        }

        // A copy: a failed delivery removes its node while the others are still being sent to.
        var deliveries = new List<Task>(_nodes.Count);
        foreach (var (node, observer) in _nodes.ToArray())
        {
            if (!string.Equals(node, origin, StringComparison.Ordinal))
            {
                deliveries.Add(DeliverAsync(node, observer, messages));
            }
        }

        return Task.WhenAll(deliveries);
    }

    private async Task DeliverAsync(string node, INodeObserver observer, RelayedMessage[] messages)
    {
        try
        {
            await observer.Deliver(messages).WaitAsync(DeliverTimeout);
        }
        catch (Exception ex)
        {
            // Any failure: the node is gone, or too slow to keep. It subscribes again if it lives.
            if (_nodes.TryGetValue(node, out var current) && ReferenceEquals(current, observer))
            {
                _nodes.Remove(node);
            }

            LogNodeDropped(node, this.GetPrimaryKeyString(), ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {Room}: node {Node} did not take a batch ({Error}: {Detail}); dropped until it subscribes again")]
    private partial void LogNodeDropped(string node, string room, string error, string detail);
}
