using Piazza.Core;

namespace Piazza.Server.Irc;

/// <summary>
/// What a command handler class may use of the session that runs it: the hub, the server's IRC
/// settings, the client's capabilities and member, and ways to reply. Narrow on purpose, so a
/// handler can be read (and tested) without the session's connection, queues or loops. What a
/// family needs beyond this (its own state, the operator accounts, the logger) it is given when
/// made; ending the session is <see cref="IIrcSessionControl"/>, for registration alone.
/// </summary>
/// <remarks>
/// Threads: the session's read loop only, as every command. Every reply goes through the
/// session's <see cref="LabeledReplyBuffer"/>: a labelled command's replies are held and sent
/// under its label when it ends.
/// </remarks>
internal interface IIrcCommandContext
{
    /// <summary>The hub the client is in.</summary>
    ChatHub Hub { get; }

    /// <summary>The server's IRC settings (its name, its network).</summary>
    IrcOptions Irc { get; }

    /// <summary>The capabilities the client has enabled.</summary>
    IrcCapabilitySet Caps { get; }

    /// <summary>The client in the hub; only valid once it is registered (every command not allowed before).</summary>
    Member Member { get; }

    /// <summary>The nick replies are addressed to: the registered one, else what NICK gave, else "*".</summary>
    string Nick { get; }

    /// <summary>A numeric reply to the client (<c>:server CODE nick args…</c>), echoes made safe (<see cref="IrcReplies.Numeric"/>).</summary>
    void Numeric(string code, params string[] args);

    /// <summary>A server-sourced command reply (<c>:server COMMAND args…</c>: CAP, PONG, NOTICE, BATCH).</summary>
    void ServerReply(string command, params string[] args);

    /// <summary>A refusal: <c>FAIL command code context… :description</c> with standard-replies, else a NOTICE with the text.</summary>
    void Fail(string command, string code, string[] context, string description);

    /// <summary>Shows the client an event it caused (JOIN, PART, NICK, MODE…), as everyone else sees it.</summary>
    void Echo(ChatEvent chatEvent);

    /// <summary>Takes the running command's label away, so it gets no ACK; returns it for <see cref="Relabel"/> (a multiline batch's echo).</summary>
    string? DeferLabel();

    /// <summary>Labels the running command's replies with a label taken by <see cref="DeferLabel"/> earlier (none when null).</summary>
    void Relabel(string? label);

    /// <summary>A reply line of the handler's own form; <paramref name="line"/> takes the extra tags (a label, a batch) to add.</summary>
    void Reply(Func<string?, byte[]> line);

    /// <summary>A batch reference not used before on this connection (<see cref="LabeledReplyBuffer.NextBatchReference"/>).</summary>
    string NextBatchReference(char kind);
}
