using System.Collections.Concurrent;

namespace Piazza.Core.Cluster;

/// <summary>
/// In a cluster, this node's room messages between their acceptance and their place in the room's
/// order: a message is shown to no one, here or on another node, before it is committed to the
/// shared history and the room's grain has put it among the other nodes' messages. Then this
/// node's members receive it and its sender's session learns it went out (its echo, its labelled
/// reply). Stored private messages wait the same way, for their commit (and, to a member of
/// another node, for its node to have them). Keyed by message id, which is what the grain hands back.
/// </summary>
/// <remarks>
/// Bounded by the sessions: each waits for its message before it reads its next line, or gives up
/// waiting after a while (<see cref="ChatHub.WhenShownAsync"/>), and the shared history's queue,
/// which refuses messages past its bound (<see cref="ChatError.NotStored"/>).
/// </remarks>
internal sealed class HeldMessages
{
    private readonly ConcurrentDictionary<string, HeldMessage> _held = new(StringComparer.Ordinal);

    /// <summary>How many messages wait for their place now.</summary>
    public int Count => _held.Count;

    /// <summary>Holds <paramref name="said"/>, which <paramref name="sender"/> said in <paramref name="room"/>, for the members the room has here now.</summary>
    public void Hold(ChatEvent said, Member sender, Room room, string? replyLabel) => _held[said.MessageId] = new HeldMessage(said, sender, room, room.LocalMembers, replyLabel);

    /// <summary>
    /// Holds the private message <paramref name="sent"/> from <paramref name="sender"/>, for
    /// <paramref name="recipientHere"/> when its recipient is a member of this node (null: of another
    /// node, which is handed it once it is committed).
    /// </summary>
    public void HoldPrivate(ChatEvent sent, Member sender, Member? recipientHere, string? replyLabel) =>
        _held[sent.MessageId] = new HeldMessage(sent, sender, null, recipientHere is null ? [] : [recipientHere], replyLabel);

    /// <summary>Completes once the message is shown here; at once when it is not held (any more).</summary>
    public Task WhenShownAsync(ChatEvent said) => _held.TryGetValue(said.MessageId, out var held) ? held.Shown.Task : Task.CompletedTask;

    /// <summary>Takes the held message with this id, for showing; null when none is held (shown already, or never held).</summary>
    public HeldMessage? Take(string messageId) => _held.TryRemove(messageId, out var held) ? held : null;
}

/// <summary>
/// A held message: what it is, who said it where (no room: a private message), the room's members
/// on this node when it was said (a private message's recipient, when it is of this node), and what
/// the sender's session hands back with it (<see cref="MessageExtras.ReplyLabel"/>).
/// Those who joined later are not given it live: their join's replay of the history had it
/// already (it was appended before they joined).
/// </summary>
internal sealed record HeldMessage(ChatEvent Said, Member Sender, Room? Room, IReadOnlyList<Member> MembersThen, string? ReplyLabel)
{
    /// <summary>Set once it is shown here.</summary>
    public TaskCompletionSource Shown { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
