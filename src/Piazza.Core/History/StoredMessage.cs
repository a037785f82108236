namespace Piazza.Core.History;

/// <summary>What a stored message is.</summary>
public enum StoredKind
{
    /// <summary>Said in a room, or to a user.</summary>
    Message = 0,

    /// <summary>Acted in a room or to a user (<c>/me</c>, CTCP ACTION).</summary>
    Action = 1,

    /// <summary>A NOTICE to a room or a user.</summary>
    Notice = 2,

    /// <summary>The room's topic changed; the text is the new topic (empty: cleared).</summary>
    Topic = 3,
}

/// <summary>One message of a room's history, or of a conversation between two accounts, as stored.</summary>
/// <param name="MessageId">The event's globally unique id (IRC's msgid).</param>
/// <param name="Time">When the server saw it, to the millisecond (<see cref="TimeOf"/>).</param>
/// <param name="Room">
/// The room's name, without '#', as the room writes it; for a private message, its
/// <see cref="Conversation.Key"/> (with <see cref="Recipient"/> set).
/// </param>
/// <param name="Kind">What it is.</param>
/// <param name="SenderNick">The sender's IRC nick then (a guest nick for an unnamed plain user).</param>
/// <param name="SenderName">The sender's name as plain users saw it then (nick, or ip:port).</param>
/// <param name="SenderMask">
/// The sender's <c>nick!user@host</c> then (<see cref="Bans.BanMask.Identity"/>), stored as text:
/// IRC replays it as the message's source, which has the same form, so what history shows never
/// depends on how sources are written later.
/// </param>
/// <param name="Text">The text.</param>
public sealed record StoredMessage(
    string MessageId,
    DateTimeOffset Time,
    string Room,
    StoredKind Kind,
    string SenderNick,
    string SenderName,
    string SenderMask,
    string Text)
{
    /// <summary>
    /// For a private message (<see cref="Room"/> is a <see cref="Conversation.Key"/>): the
    /// recipient's nick then, which IRC replays it to; null for a room's message.
    /// </summary>
    public string? Recipient { get; init; }

    /// <summary>
    /// An event's time as history keeps it: cut to the millisecond, as IRC's server-time shows it
    /// (<c>YYYY-MM-DDThh:mm:ss.sssZ</c>), so a timestamp a client read off a message names that
    /// message exactly: CHATHISTORY AFTER or TARGETS from it does not find the message itself again.
    /// </summary>
    public static DateTimeOffset TimeOf(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}

/// <summary>
/// Where a history query starts or ends: a message id, or a time. IRCv3 chathistory's
/// <c>msgid=…</c> and <c>timestamp=…</c> selectors.
/// </summary>
/// <param name="MessageId">A stored message's id, or null.</param>
/// <param name="Time">A time, used when <paramref name="MessageId"/> is null.</param>
public readonly record struct HistoryPoint(string? MessageId, DateTimeOffset Time)
{
    /// <summary>A point at a message.</summary>
    public static HistoryPoint AtMessage(string messageId) => new(messageId, default);

    /// <summary>A point at a time.</summary>
    public static HistoryPoint AtTime(DateTimeOffset time) => new(null, time);
}
