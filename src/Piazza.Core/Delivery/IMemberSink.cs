namespace Piazza.Core;

/// <summary>
/// The session side of a member: how the core reaches a connected client. Implemented by each
/// protocol's session.
/// </summary>
public interface IMemberSink
{
    /// <summary>
    /// Queues <paramref name="chatEvent"/> for the client. Called from other members' threads,
    /// often while fanning out to a whole room: it must never block or throw.
    /// </summary>
    void Deliver(ChatEvent chatEvent);

    /// <summary>
    /// In a cluster, the member's own room message <paramref name="said"/> is shown now (committed
    /// and given its place in the room's order; <see cref="ChatHub.ShowHeld"/>), right after the
    /// room's members here were given it: a protocol that echoes a sender's messages (IRC's
    /// echo-message) queues the echo now, so it takes that place in the client's stream too,
    /// under <paramref name="replyLabel"/> (<see cref="MessageExtras.ReplyLabel"/>) when the
    /// command carried one. Called from other threads; must never block or throw.
    /// </summary>
    void Shown(ChatEvent said, string? replyLabel)
    {
    }

    /// <summary>
    /// Asks the session to tell the client <paramref name="reason"/> and close (server shutdown).
    /// Must not block; the session leaves the hub itself as it closes.
    /// </summary>
    void Close(string reason);
}
