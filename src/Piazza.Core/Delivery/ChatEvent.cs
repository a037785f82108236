namespace Piazza.Core;

/// <summary>
/// Something that happened in the chat, as every receiver sees it. Immutable, except for the
/// per-format encodings it caches for the sessions that deliver it.
/// </summary>
public sealed class ChatEvent
{
    /// <summary>How many wire formats can cache an encoding on one event (<see cref="Piazza.Core.EncoderSlots"/> hands them out).</summary>
    public const int EncoderSlots = 16;

    /// <summary>Makes message ids unique across restarts of the server, not only within one run.</summary>
    private static readonly string InstancePrefix =
        Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();

    private static long s_lastId;
    private string? _messageId;

    private readonly byte[]?[] _encodings = new byte[EncoderSlots][];

    /// <summary>Creates an event.</summary>
    public ChatEvent(ChatEventKind kind, Member source, Room? room, string text, DateTimeOffset time, Member? target = null, MessageStyle style = MessageStyle.Text)
    {
        Kind = kind;
        Source = source;
        SourceName = source.Name;
        SourceNick = source.Nick;
        SourceAway = source.Away;
        SourceIsBot = source.IsBot;
        SourceAccount = source.Account;
        Room = room;
        RoomName = room?.Name;
        Text = text;
        Time = time;
        Target = target;
        TargetNick = target?.Nick;
        Style = style;
        Id = Interlocked.Increment(ref s_lastId);
    }

    /// <summary>What happened.</summary>
    public ChatEventKind Kind { get; }

    /// <summary>Who did it.</summary>
    public Member Source { get; }

    /// <summary>The name plain clients knew the source by when it happened (a later change does not alter it).</summary>
    public string SourceName { get; }

    /// <summary>The source's nickname (IRC's name for it) when it happened.</summary>
    public string SourceNick { get; }

    /// <summary>
    /// The source's away message when it happened (null: not away). A JOIN shows it to
    /// away-notify clients; read from the event, not the member, so a JOIN delivered late (held
    /// by a joiner's history replay) does not show an AWAY said after it, which comes on its own.
    /// </summary>
    public string? SourceAway { get; }

    /// <summary>
    /// Whether the source said it was a bot (<see cref="Member.IsBot"/>) when it happened: the IRC
    /// <c>bot</c> tag reads it here, so every receiver's copy (and a late delivery) agrees.
    /// </summary>
    public bool SourceIsBot { get; }

    /// <summary>
    /// The account the source was logged in to when it happened (null: none): IRC's
    /// <c>account</c> tag reads it here, so every receiver's copy agrees.
    /// </summary>
    public string? SourceAccount { get; }

    /// <summary>The room it happened in; null for private messages, quits and nick changes.</summary>
    public Room? Room { get; }

    /// <summary>
    /// The room's name when it happened (a later rename does not alter it), so an event delivered
    /// late (held by a joiner's history replay) names the room as it was then, before the RENAME
    /// that follows it. Null when <see cref="Room"/> is.
    /// </summary>
    public string? RoomName { get; }

    /// <summary>For <see cref="ChatEventKind.RoomRename"/>: the room's name before (<see cref="RoomName"/> is the new one); else null.</summary>
    public string? RenamedFrom { get; init; }

    /// <summary>Who it was done to: the receiver of a private message, the kicked, the invited.</summary>
    public Member? Target { get; }

    /// <summary>The target's nickname when it happened.</summary>
    public string? TargetNick { get; }

    /// <summary>For messages: said, acted or a notice.</summary>
    public MessageStyle Style { get; }

    /// <summary>The text, reason, new nick or new topic, by <see cref="Kind"/>; empty for mode changes and tag messages.</summary>
    public string Text { get; }

    /// <summary>For <see cref="ChatEventKind.ModeChange"/>: the changes as applied, in order; else empty.</summary>
    public IReadOnlyList<ModeChange> Modes { get; init; } = [];

    /// <summary>
    /// For <see cref="ChatEventKind.TagMessage"/> and messages: the tags a client attached for
    /// other clients (typing notices, reactions, replies), keys as sent and values unescaped, in
    /// order; else empty. Never stored in history.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    /// <summary>
    /// For messages: the text came as one line of a protocol with short lines (IRC), so a reader
    /// whose lines cannot hold it (the relayed line gains the sender's prefix) cuts it to fit
    /// instead of splitting it into several lines (<see cref="MessageExtras.OneLine"/>).
    /// </summary>
    public bool OneLine { get; init; }

    /// <summary>
    /// For a multiline message (IRCv3 draft/multiline): its lines as the sender split them, and
    /// <see cref="Text"/> is them joined (<see cref="MessageLine.Join"/>: the only events whose text
    /// holds line breaks). Empty for every other event.
    /// </summary>
    public IReadOnlyList<MessageLine> Lines { get; init; } = [];

    /// <summary>
    /// For <see cref="ChatEventKind.Message"/>: who in the room it is for; <see cref="RoomAudience.Everyone"/>
    /// but for a status message (<see cref="ChatHub.SendToRoomStatus"/>).
    /// </summary>
    public RoomAudience Audience { get; init; }

    /// <summary>For <see cref="ChatEventKind.Redaction"/>: the id of the message deleted; else null.</summary>
    public string? RedactedMessageId { get; init; }

    /// <summary>When the server saw it.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Unique and increasing for the life of the process (IRC's <c>msgid</c> is made from it).</summary>
    public long Id { get; }

    /// <summary>A globally unique id for the event (IRC's <c>msgid</c> tag; history keys on it).</summary>
    /// <remarks>A message another node of a cluster accepted keeps the id it was given there.</remarks>
    public string MessageId
    {
        get => _messageId ??= InstancePrefix + Id.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        init => _messageId = value;
    }

    /// <summary>
    /// This event in <paramref name="encoder"/>'s format, encoded on first use and then shared.
    /// Safe to call from many threads: a race encodes twice and keeps one.
    /// </summary>
    public byte[] EncodedFor(IEventEncoder encoder)
    {
        var slot = encoder.Slot.Index;
        var cached = Volatile.Read(ref _encodings[slot]);
        if (cached is not null)
        {
            return cached;
        }

        var encoded = encoder.Encode(this);
        return Interlocked.CompareExchange(ref _encodings[slot], encoded, null) ?? encoded;
    }
}
