namespace Piazza.Core.Redaction;

/// <summary>
/// Who sent each of the latest messages, by message id: what a redaction needs to tell the
/// sender (who may delete its own message) from anyone else. Bounded: the oldest entry goes
/// when a new one comes past <see cref="Capacity"/>, so a flood costs the flooder only its
/// own ability to redact old messages.
/// </summary>
/// <remarks>
/// Threads: any session's read loop adds and reads; one lock guards the map and the ring
/// (held for a dictionary operation, never while delivering). Entries name members by id, not
/// by reference, so a member that left is not kept alive by its old messages. A message that
/// left the window, or was sent before a restart, can still be redacted by an operator: the
/// history store knows it was said in its room.
/// </remarks>
public sealed class SentMessages(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SentMessage> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>How many messages are remembered.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Remembers a room message or a private message.</summary>
    public void Add(ChatEvent said)
    {
        var sent = new SentMessage(said.Source.Id, said.Room, said.Target?.Id);
        lock (_gate)
        {
            if (!_byId.TryAdd(said.MessageId, sent))
            {
                return;
            }

            _order.Enqueue(said.MessageId);
            while (_order.Count > Capacity)
            {
                _byId.Remove(_order.Dequeue());
            }
        }
    }

    /// <summary>The message with this id, if it is still remembered.</summary>
    public SentMessage? Find(string messageId)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(messageId);
        }
    }

    /// <summary>Forgets a redacted message, so it is not redacted twice (its id leaves the ring when it ages out).</summary>
    public void Remove(string messageId)
    {
        lock (_gate)
        {
            _byId.Remove(messageId);
        }
    }
}

/// <summary>A remembered message: who sent it, and where (a room, or one member).</summary>
/// <param name="SenderId">The <see cref="Member.Id"/> of the connection that sent it (not its nick: a later holder of the nick is someone else).</param>
/// <param name="Room">The room it was said in, or null for a private message.</param>
/// <param name="RecipientId">The <see cref="Member.Id"/> it was sent to, for a private message.</param>
public sealed record SentMessage(long SenderId, Room? Room, long? RecipientId);
