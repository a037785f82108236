using Piazza.Core;

namespace Piazza.Server.Irc;

/// <summary>
/// What a command handler class may use of the session that runs it: the hub, the server's IRC
/// settings, the client's capabilities and a way to reply. Narrow on purpose, so a handler can
/// be read (and tested) without the session's connection, queues or loops.
/// </summary>
/// <remarks>Threads: the session's read loop only, as every command.</remarks>
internal interface IIrcCommandContext
{
    /// <summary>The hub the client is in.</summary>
    ChatHub Hub { get; }

    /// <summary>The server's IRC settings (its name, its network).</summary>
    IrcOptions Irc { get; }

    /// <summary>The capabilities the client has enabled.</summary>
    IrcCapabilitySet Caps { get; }

    /// <summary>A numeric reply to the client (<c>:server CODE nick args…</c>), labelled when the command is.</summary>
    void Numeric(string code, params string[] args);
}
