using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

internal sealed partial class IrcSession
{
    /// <summary>
    /// Starts handling a command: with labeled-response, its replies are held and sent at the
    /// end with the client's label (https://ircv3.net/specs/extensions/labeled-response).
    /// </summary>
    internal void BeginCommand(IrcMessage message) =>
        _replies.Begin(_caps.Has(IrcCaps.LabeledResponse) ? LabeledReplyBuffer.LabelOf(message) : null);

    /// <summary>Ends a command: sends held replies under its label (ACK for none, a batch for several).</summary>
    internal void EndCommand() => _replies.End(batch: _caps.Has(IrcCaps.Batch));

    /// <summary>Queues a reply line; <paramref name="line"/> takes extra tags (a label, a batch) to add.</summary>
    private void Reply(Func<string?, byte[]> line) => _replies.Reply(line);

    /// <summary>
    /// A numeric reply: <c>:server CODE nick args…</c>. The middle arguments (nicks, channels,
    /// commands: often echoes of what the client sent) never carry control characters back
    /// (<see cref="IrcText.ForEcho"/>); an error's (4xx, 5xx) last argument neither. A reply's
    /// last argument that is someone's text (a topic, a real name, an away message) keeps its
    /// formatting.
    /// </summary>
    private void Numeric(string code, params string[] args)
    {
        var nick = Nick;
        var isError = code[0] is '4' or '5';
        string[] safe = [.. args.Select((arg, i) => i < args.Length - 1 || isError ? IrcText.ForEcho(arg) : arg)];
        Reply(tags => IrcWriter.Format(tags, ServerName, code, [nick, .. safe]));
    }

    /// <summary>A server-sourced command reply (CAP, PONG, NOTICE).</summary>
    private void ServerReply(string command, params string[] args) =>
        Reply(tags => IrcWriter.Format(tags, ServerName, command, args));

    /// <summary>
    /// An error in IRCv3 standard-replies form (<c>FAIL COMMAND CODE :text</c>) for clients that
    /// asked for it, else a NOTICE with the same text.
    /// </summary>
    private void Fail(string command, string code, string description) => Fail(command, code, [], description);

    /// <summary>
    /// An error in IRCv3 standard-replies form with context parameters
    /// (<c>FAIL COMMAND CODE context… :text</c>, https://ircv3.net/specs/extensions/standard-replies)
    /// for clients that asked for it, else a NOTICE with the text.
    /// </summary>
    private void Fail(string command, string code, string[] context, string description)
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
            ServerReply("NOTICE", Nick, $"{command}: {description}");
        }
    }

    /// <summary>Shows the client an event it caused (JOIN, PART, NICK, MODE…), as everyone else sees it.</summary>
    private void Echo(ChatEvent chatEvent)
    {
        var extendedJoin = chatEvent.Kind == ChatEventKind.Join && _caps.Has(IrcCaps.ExtendedJoin);
        var mode = TagMode;
        Reply(tags => tags is null
            ? chatEvent.EncodedFor(IrcEventEncoder.For(mode, extendedJoin))
            : IrcEventEncoder.Encode(chatEvent, IrcEventEncoder.TagsFor(chatEvent, mode, tags), extendedJoin));
    }
}
