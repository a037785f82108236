using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Protocol.Line;
using Piazza.Server.Sessions;

namespace Piazza.Server.Plain;

/// <summary>Core events as plain-protocol lines (see docs/protocol-plain.md).</summary>
internal sealed class PlainEventEncoder : IEventEncoder
{
    public static readonly PlainEventEncoder Instance = new();

    private PlainEventEncoder()
    {
    }

    public EncoderSlot Slot { get; } = EncoderSlots.Claim("plain");

    /// <summary>
    /// Events a plain client is not shown: away, real-name and account changes, tag-only messages
    /// (IRC's TAGMSG) and redactions (a plain line has no message id to say which one went) have
    /// no plain form, and of invitations it sees only its own.
    /// </summary>
    public static bool Skips(ChatEvent chatEvent, IMemberSink receiver) => chatEvent.Kind switch
    {
        ChatEventKind.Away or ChatEventKind.RealNameChange or ChatEventKind.TagMessage or ChatEventKind.Redaction or ChatEventKind.AccountChange => true,
        ChatEventKind.Invite => !ReferenceEquals(chatEvent.Target?.Sink, receiver),
        _ => false,
    };

    /// <remarks>
    /// No default arm: a new <see cref="ChatEventKind"/> without a plain form does not build
    /// (CS8509, an error here). Kinds that <see cref="Skips"/> holds back still get a line, so a
    /// change there never sends an empty one. A value outside the enum (CS8524, silenced: the hub
    /// never makes one) throws.
    /// </remarks>
    public byte[] Encode(ChatEvent chatEvent)
    {
        if (chatEvent.Lines.Count > 0)
        {
            // A multiline message (IRC's draft/multiline) as lines, each with its sender: a line
            // break in the text must never make a line that seems to come from someone else.
            return [.. MessageLine.Split(chatEvent.Text).Where(l => l.Length > 0).SelectMany(line => EncodeOne(chatEvent, line))];
        }

        return EncodeOne(chatEvent, chatEvent.Text);
    }

    private static byte[] EncodeOne(ChatEvent chatEvent, string eventText)
    {
        var name = chatEvent.SourceName;
        var room = chatEvent.RoomName;
        // Text may come from IRC clients: their formatting codes and controls must not reach a terminal.
        var text = IrcFormatting.StripForPlainText(eventText);
        // A status message (IRC's PRIVMSG @#room) says whom it was for, or it would read as said to all.
        text = chatEvent.Audience switch
        {
            RoomAudience.Operators => "(to operators) " + text,
            RoomAudience.VoicedAndOperators => "(to voiced and operators) " + text,
            _ => text,
        };
#pragma warning disable CS8524 // Only unnamed enum values are unhandled; see the remarks.
        return chatEvent.Kind switch
        {
            ChatEventKind.Message when chatEvent.Style == MessageStyle.Action => LineWriter.Action(name, ShownRoom(chatEvent), text),
            ChatEventKind.Message => LineWriter.Chat(name, ShownRoom(chatEvent), text),
            ChatEventKind.Private when chatEvent.Style == MessageStyle.Action => LineWriter.Private(name, "* " + text),
            ChatEventKind.Private => LineWriter.Private(name, text),
            ChatEventKind.Join => LineWriter.Notice($"{name} joined {room}"),
            ChatEventKind.Part => LineWriter.Notice(WithReason($"{name} left {room}", text)),
            ChatEventKind.Quit => LineWriter.Notice(WithReason($"{name} quit", text)),
            ChatEventKind.NickChange => LineWriter.Notice($"{name} is now known as {text}"),
            ChatEventKind.TopicChange => LineWriter.Notice(text.Length == 0
                ? $"{name} cleared the topic of {room}"
                : $"{name} set the topic of {room}: {text}"),
            ChatEventKind.ModeChange => LineWriter.Notice($"{name} set mode {IrcFormatting.StripForPlainText(ModeStrings.Format(chatEvent.Modes))} on {room}"),
            ChatEventKind.Kick => LineWriter.Notice(WithReason($"{name} kicked {chatEvent.Target?.Name} from {room}", text)),
            ChatEventKind.Invite => LineWriter.Notice($"{name} invites you to {room} (/join {room})"),
            ChatEventKind.Wallops => LineWriter.Notice($"wallops from {name}: {text}"),
            ChatEventKind.Away => LineWriter.Notice(text.Length == 0 ? $"{name} is back" : $"{name} is away: {text}"),
            ChatEventKind.RealNameChange => LineWriter.Notice($"{name} set their real name: {text}"),
            ChatEventKind.TagMessage => LineWriter.Notice($"{name} sent a tag-only message (a typing notice or a reaction)"),
            ChatEventKind.Redaction => LineWriter.Notice($"{name} deleted a message"),
            ChatEventKind.AccountChange => LineWriter.Notice(text.Length == 0 ? $"{name} logged out" : $"{name} logged in as {text}"),
            ChatEventKind.RoomRename => LineWriter.Notice(WithReason($"{name} renamed room {chatEvent.RenamedFrom} to {room}", text)),
        };
#pragma warning restore CS8524
    }

    /// <summary>The default room goes unnamed, as in the seed; any other room is named.</summary>
    private static string? ShownRoom(ChatEvent chatEvent) => chatEvent.Room is null || chatEvent.Room.IsDefault ? null : chatEvent.RoomName;

    private static string WithReason(string what, string reason) => reason.Length == 0 ? what : $"{what} ({reason})";
}
