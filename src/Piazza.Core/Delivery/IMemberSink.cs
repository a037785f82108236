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
    /// Asks the session to tell the client <paramref name="reason"/> and close (server shutdown).
    /// Must not block; the session leaves the hub itself as it closes.
    /// </summary>
    void Close(string reason);
}
