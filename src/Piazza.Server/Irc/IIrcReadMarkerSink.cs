namespace Piazza.Server.Irc;

/// <summary>
/// A session that can be told its account's read marker moved on another of its connections: an
/// IRC session, which says so when its client has draft/read-marker. Narrow on purpose: markers
/// are not events of the chat (no one else sees them), so they do not go through
/// <see cref="Piazza.Core.IMemberSink.Deliver"/>; a session of another protocol is simply not one.
/// </summary>
internal interface IIrcReadMarkerSink
{
    /// <summary>
    /// Queues <c>:server MARKREAD &lt;target&gt; &lt;marker&gt;</c> if the client has the cap. Called
    /// from another session's read loop: must never block or throw.
    /// </summary>
    void ShowReadMarker(string target, string marker);
}
