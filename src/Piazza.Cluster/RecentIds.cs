namespace Piazza.Cluster;

/// <summary>
/// The last few thousand message ids a node was delivered, to drop a repeat: a batch is sent
/// again when its grain call failed, and some nodes may have had it already. Thread-safe: room
/// grains deliver to the node at once.
/// </summary>
internal sealed class RecentIds(int capacity)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>True when <paramref name="id"/> is new (now remembered); false for a repeat.</summary>
    public bool Add(string id)
    {
        lock (_gate)
        {
            if (!_ids.Add(id))
            {
                return false;
            }

            _order.Enqueue(id);
            if (_order.Count > capacity)
            {
                _ids.Remove(_order.Dequeue());
            }

            return true;
        }
    }
}
