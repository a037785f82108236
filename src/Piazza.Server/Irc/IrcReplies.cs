using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// How replies to a client's commands are written: numerics addressed to its nick, server
/// replies, refusals (FAIL or NOTICE, by its capabilities), echoes of what it caused. Each goes
/// through the <see cref="LabeledReplyBuffer"/>, so a labelled command's replies are held and
/// labelled (https://ircv3.net/specs/extensions/labeled-response).
/// </summary>
/// <remarks>Threads: the session's read loop only, as the buffer.</remarks>
internal sealed class IrcReplies
{
    private readonly string _serverName;
    private readonly IrcCapabilitySet _caps;
    private readonly LabeledReplyBuffer _buffer;
    private readonly Action<byte[]> _send;
    private readonly Func<string> _nick;

    /// <summary>Replies from <paramref name="serverName"/> to the client whose nick is <paramref name="nick"/> now, queued by <paramref name="send"/>.</summary>
    public IrcReplies(string serverName, IrcCapabilitySet caps, Action<byte[]> send, Func<string> nick)
    {
        _serverName = serverName;
        _caps = caps;
        _buffer = new LabeledReplyBuffer(serverName, send);
        _send = send;
        _nick = nick;
    }

    /// <summary>
    /// Starts handling a command: with labeled-response, its replies are held and sent at the
    /// end with the client's label.
    /// </summary>
    public void BeginCommand(IrcMessage message) =>
        _buffer.Begin(_caps.Has(IrcCaps.LabeledResponse) ? LabeledReplyBuffer.LabelOf(message) : null);

    /// <summary>Takes the running command's label away (no ACK at its end) and returns it, for <see cref="Relabel"/> later.</summary>
    public string? DeferLabel() => _buffer.TakeLabel();

    /// <summary>Holds the running command's replies under <paramref name="label"/> (a deferred one), when not null.</summary>
    public void Relabel(string? label)
    {
        if (label is not null)
        {
            _buffer.Begin(label);
        }
    }

    /// <summary>Ends a command: sends held replies under its label (ACK for none, a batch for several).</summary>
    public void EndCommand() => _buffer.End(batch: _caps.Has(IrcCaps.Batch));

    /// <summary>Queues a reply line; <paramref name="line"/> takes extra tags (a label, a batch) to add.</summary>
    public void Reply(Func<string?, byte[]> line) => _buffer.Reply(line);

    /// <summary>A batch reference not used before on this connection.</summary>
    public string NextBatchReference(char kind) => _buffer.NextBatchReference(kind);

    /// <summary>
    /// A numeric reply: <c>:server CODE nick args…</c>. The middle arguments (nicks, channels,
    /// commands: often echoes of what the client sent) never carry control characters back
    /// (<see cref="IrcText.ForEcho"/>); an error's (4xx, 5xx) last argument neither. A reply's
    /// last argument that is someone's text (a topic, a real name, an away message) keeps its
    /// formatting.
    /// </summary>
    public void Numeric(string code, params string[] args)
    {
        var nick = _nick();
        var isError = code[0] is '4' or '5';
        string[] safe = [.. args.Select((arg, i) => i < args.Length - 1 || isError ? IrcText.ForEcho(arg) : arg)];
        Reply(tags => IrcWriter.Format(tags, _serverName, code, [nick, .. safe]));
    }

    /// <summary>A server-sourced command reply (CAP, PONG, NOTICE).</summary>
    public void ServerReply(string command, params string[] args) =>
        Reply(tags => IrcWriter.Format(tags, _serverName, command, args));

    /// <summary>
    /// An error in IRCv3 standard-replies form with context parameters
    /// (<c>FAIL COMMAND CODE context… :text</c>, https://ircv3.net/specs/extensions/standard-replies)
    /// for clients that asked for it, else a NOTICE with the text.
    /// </summary>
    public void Fail(string command, string code, string[] context, string description)
    {
        // The command, the context and the description may echo what the client sent.
        command = IrcText.ForEcho(command);
        context = [.. context.Select(IrcText.ForEcho)];
        description = IrcText.ForEcho(description);
        if (_caps.Has(IrcCaps.StandardReplies))
        {
            ServerReply("FAIL", [command, code, .. context, description]);
        }
        else
        {
            ServerReply("NOTICE", _nick(), $"{command}: {description}");
        }
    }

    /// <summary>
    /// <c>FAIL COMMAND CODE context… :text</c> whether or not the client asked for standard-replies,
    /// where a spec wants FAIL itself (utf8-only). A command over 32 characters is written as
    /// <c>*</c> rather than echoed whole.
    /// </summary>
    public void StandardFail(string command, string code, string[] context, string description)
    {
        var echoed = IrcText.ForEcho(command);
        echoed = echoed.Length is 0 or > 32 ? IrcWriter.Unsendable : echoed;
        ServerReply("FAIL", [echoed, code, .. context.Select(IrcText.ForEcho), IrcText.ForEcho(description)]);
    }

    /// <summary>Shows the client an event it caused (JOIN, PART, NICK, MODE…), as everyone else sees it.</summary>
    public void Echo(ChatEvent chatEvent) => Reply(EchoLine(chatEvent));

    /// <summary>
    /// In a cluster, the client's own room message is shown (<see cref="IMemberSink.Shown"/>): with
    /// echo-message its echo is sent now, at the message's place among the others, under the label
    /// its command deferred (<paramref name="replyLabel"/>); without, that label gets its ACK.
    /// Sent straight to the send queue, not held: it may come from any thread, and the command's
    /// label is not held for it.
    /// </summary>
    public void SendShown(ChatEvent said, string? replyLabel)
    {
        var labelTag = replyLabel is null ? null : "label=" + IrcTagEscaping.Escape(replyLabel);
        if (_caps.Has(IrcCaps.EchoMessage))
        {
            _send(EchoLine(said)(labelTag));
        }
        else if (labelTag is not null)
        {
            _send(IrcWriter.Format(labelTag, _serverName, "ACK", []));
        }
    }

    /// <summary>An echo of <paramref name="chatEvent"/> in this client's form, as a function of the extra tags to add (a label, a batch).</summary>
    private Func<string?, byte[]> EchoLine(ChatEvent chatEvent)
    {
        var extendedJoin = chatEvent.Kind == ChatEventKind.Join && _caps.Has(IrcCaps.ExtendedJoin);
        var mode = _caps.TagMode;
        var accountTag = _caps.Has(IrcCaps.AccountTag);
        if (chatEvent.Lines.Count > 0)
        {
            var multiline = _caps.Has(IrcCaps.Multiline);
            return tags => IrcMultilineEncoder.Encode(chatEvent, mode, multiline, accountTag, tags);
        }

        return tags => tags is null
            ? chatEvent.EncodedFor(IrcEventEncoder.For(mode, extendedJoin, accountTag))
            : IrcEventEncoder.Encode(chatEvent, IrcEventEncoder.TagsFor(chatEvent, mode, accountTag, tags), extendedJoin);
    }
}
