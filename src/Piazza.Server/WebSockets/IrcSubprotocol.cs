namespace Piazza.Server.WebSockets;

/// <summary>What an IRC-over-WebSocket connection exchanges: text messages or binary ones.</summary>
internal enum IrcWebSocketMode
{
    /// <summary><c>text.ircv3.net</c>, or no subprotocol: text messages, always valid UTF-8.</summary>
    Text,

    /// <summary><c>binary.ircv3.net</c>: binary messages, the line's bytes as they are.</summary>
    Binary,
}

/// <summary>
/// The subprotocols of the IRCv3 WebSocket specification
/// (https://ircv3.net/specs/extensions/websocket), and the choice among those a client offers.
/// </summary>
internal static class IrcSubprotocol
{
    /// <summary>Binary messages (the spec's MUST).</summary>
    public const string Binary = "binary.ircv3.net";

    /// <summary>Text messages (the spec's SHOULD; what browsers' clients want).</summary>
    public const string Text = "text.ircv3.net";

    /// <summary>
    /// The first of <paramref name="offered"/> that Piazza speaks: the spec says the server
    /// "MUST accept any subprotocol it supports, respecting the client's order of preference", so a
    /// client offering both gets the one it named first. With none of ours (none offered, or only
    /// others), the connection goes on without a <c>Sec-WebSocket-Protocol</c> header (the spec's
    /// MAY; browsers then fail the connection themselves if they asked for one) and is served text,
    /// as InspIRCd does by default: stock web clients open a plain <c>new WebSocket(url)</c>.
    /// </summary>
    /// <returns>The mode, and the subprotocol to echo in the handshake (null for none).</returns>
    public static (IrcWebSocketMode Mode, string? Echo) Choose(IEnumerable<string> offered)
    {
        foreach (var name in offered)
        {
            switch (name.Trim())
            {
                case Binary:
                    return (IrcWebSocketMode.Binary, Binary);
                case Text:
                    return (IrcWebSocketMode.Text, Text);
            }
        }

        return (IrcWebSocketMode.Text, null);
    }
}
