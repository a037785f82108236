namespace Piazza.Server.WebSockets;

/// <summary>
/// The connection feature that says a session runs over IRC-over-WebSocket (<c>/ws</c>), not a
/// TCP port: <c>connection.Features.Get&lt;WebSocketTransport&gt;()</c> is null for TCP.
/// </summary>
/// <param name="Mode">Text or binary messages.</param>
/// <param name="Subprotocol">The subprotocol echoed in the handshake, or null when the client named none of ours.</param>
internal sealed record WebSocketTransport(IrcWebSocketMode Mode, string? Subprotocol)
{
    /// <summary>The transport's name, for logs and figures.</summary>
    public const string Name = "websocket";
}
