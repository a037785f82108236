using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Sessions;

namespace Piazza.Server.Irc;

/// <summary>Which message tags a client gets on relayed events.</summary>
internal enum IrcTagMode
{
    /// <summary>No tags: the client negotiated neither server-time nor message-tags.</summary>
    None,

    /// <summary>server-time only: <c>@time=…</c>.</summary>
    Time,

    /// <summary>message-tags: <c>@time=…;msgid=…</c>.</summary>
    Full,
}

/// <summary>
/// Core events as IRC lines (https://modern.ircdocs.horse/). One instance per variant a
/// client may need — tags or not, extended-join or not — each with its own cache slot on the
/// event, so an event is encoded once per variant however many clients receive it.
/// </summary>
/// <remarks>
/// <code>
///   event   = [ "@" tags SP ] ":" nick "!" user "@" host SP command params CRLF
///   PRIVMSG/NOTICE text longer than one line allows: cut to fit (at a character boundary) when
///   it came from IRC as one line (ChatEvent.OneLine: only the sender's prefix made it too
///   long), else (a plain client's long line) split into several lines.
///   message = [ "@" client-tags ";" ] server-tags …   client-only tags only for message-tags
///   tagmsg  = "@" client-tags ";" server-tags SP ":" source SP "TAGMSG" SP target CRLF
///             (https://ircv3.net/specs/extensions/message-tags#the-tagmsg-tag-only-message)
/// </code>
/// </remarks>
internal sealed class IrcEventEncoder : IEventEncoder
{
    /// <summary>
    /// Every variant, at <c>(accountTag ? 6 : 0) + (extendedJoin ? 3 : 0) + tags</c>; each claims its
    /// slot once, here.
    /// </summary>
    private static readonly IrcEventEncoder[] Variants =
    [
        .. from accountTag in new[] { false, true }
           from extendedJoin in new[] { false, true }
           from tags in new[] { IrcTagMode.None, IrcTagMode.Time, IrcTagMode.Full }
           select new IrcEventEncoder(tags, extendedJoin, accountTag),
    ];

    private readonly IrcTagMode _tags;
    private readonly bool _extendedJoin;
    private readonly bool _accountTag;

    private IrcEventEncoder(IrcTagMode tags, bool extendedJoin, bool accountTag)
    {
        _tags = tags;
        _extendedJoin = extendedJoin;
        _accountTag = accountTag;
        Slot = EncoderSlots.Claim($"irc, tags {tags}{(extendedJoin ? ", extended-join" : string.Empty)}{(accountTag ? ", account-tag" : string.Empty)}");
    }

    public EncoderSlot Slot { get; }

    /// <summary>Every variant (the server makes them all at startup, <see cref="Hosting.WireFormats.ClaimSlots"/>).</summary>
    public static IReadOnlyList<IrcEventEncoder> All => Variants;

    /// <summary>The shared encoder for a client's capabilities.</summary>
    public static IrcEventEncoder For(IrcTagMode tags, bool extendedJoin, bool accountTag) =>
        Variants[(accountTag ? 6 : 0) + (extendedJoin ? 3 : 0) + (int)tags];

    /// <summary>The <c>nick!user@host</c> an event comes from: its source's nick when it happened.</summary>
    public static string SourceOf(ChatEvent chatEvent) => new IrcSource(chatEvent.SourceNick, chatEvent.Source.User, chatEvent.Source.Host).ToString();

    /// <summary>The <c>nick!user@host</c> IRC names a member by now (the welcome, userhost-in-names).</summary>
    public static string SourceOf(Member member) => new IrcSource(member.Nick, member.User, member.Host).ToString();

    /// <summary>The IRC name of a room.</summary>
    public static string Channel(Room room) => Channel(room.Name);

    /// <summary>The IRC name of a room named <paramref name="roomName"/> (an event's <see cref="ChatEvent.RoomName"/>: the name it had then).</summary>
    public static string Channel(string roomName) => "#" + roomName;

    /// <summary>
    /// The tags for an event under a tag mode, already escaped; null for none. Under
    /// <see cref="IrcTagMode.Full"/> (message-tags) a message's client-only tags come first.
    /// </summary>
    public static string? TagsFor(ChatEvent chatEvent, IrcTagMode mode, string? extra = null) => TagsFor(chatEvent, mode, accountTag: false, extra);

    /// <summary>
    /// <see cref="TagsFor(ChatEvent, IrcTagMode, string?)"/>, and for an account-tag client the
    /// <c>account</c> tag of a source that was logged in (https://ircv3.net/specs/extensions/account-tag).
    /// </summary>
    public static string? TagsFor(ChatEvent chatEvent, IrcTagMode mode, bool accountTag, string? extra = null)
    {
        var time = mode == IrcTagMode.None ? null : "time=" + IrcServerTime.Format(chatEvent.Time);
        var tags = mode == IrcTagMode.Full ? time + ";msgid=" + chatEvent.MessageId : time;
        if (mode == IrcTagMode.Full && chatEvent.Kind != ChatEventKind.TagMessage)
        {
            tags = WithClientTags(chatEvent.Tags, tags);
        }

        if (mode == IrcTagMode.Full && chatEvent.SourceIsBot)
        {
            // https://ircv3.net/specs/extensions/bot-mode: what a +B member causes is tagged "bot".
            tags = IrcBotMode.Tag + ";" + tags;
        }

        if (accountTag && chatEvent.SourceAccount is { } account)
        {
            // An account name is a valid nick: nothing in it needs escaping in a tag value.
            tags = tags is null ? "account=" + account : "account=" + account + ";" + tags;
        }

        return extra is null ? tags : tags is null ? extra : extra + ";" + tags;
    }

    /// <summary>
    /// The tags of a multiline message's fallback PRIVMSGs after the first: its time, and for
    /// message-tags clients its client-only tags (the msgid names the first line only).
    /// </summary>
    public static string? FollowingLineTags(ChatEvent chatEvent, IrcTagMode mode)
    {
        var time = TagsFor(chatEvent, mode == IrcTagMode.None ? IrcTagMode.None : IrcTagMode.Time);
        return mode == IrcTagMode.Full ? WithClientTags(chatEvent.Tags, time) : time;
    }

    public byte[] Encode(ChatEvent chatEvent) => Encode(chatEvent, TagsFor(chatEvent, _tags, _accountTag), _extendedJoin);

    /// <summary>Encodes with the given tags (e.g. a <c>label</c> on an echo): not cached.</summary>
    /// <remarks>
    /// The switch has no default arm, so a new <see cref="ChatEventKind"/> without an IRC form
    /// does not build (CS8509, an error here) instead of vanishing for IRC users. Only a value
    /// outside the enum, which the hub never makes, is left unhandled (CS8524, silenced): it
    /// throws <see cref="System.Runtime.CompilerServices.SwitchExpressionException"/>.
    /// </remarks>
    public static byte[] Encode(ChatEvent chatEvent, string? tags, bool extendedJoin)
    {
        var source = SourceOf(chatEvent);
        // The room's name when it happened: an event held back for a joiner keeps it past a rename.
        var room = chatEvent.RoomName is { } r ? Channel(r) : null;
        var text = chatEvent.Text;
#pragma warning disable CS8524 // Only unnamed enum values are unhandled; see the remarks.
        return chatEvent.Kind switch
        {
            ChatEventKind.Message => Messages(tags, source, IrcStatusTarget.Prefix(chatEvent.Audience) + room, chatEvent.Style, text, chatEvent.OneLine),
            ChatEventKind.Private => Messages(tags, source, chatEvent.TargetNick!, chatEvent.Style, text, chatEvent.OneLine),
            ChatEventKind.Join when extendedJoin => IrcWriter.Format(tags, source, "JOIN", [room!, chatEvent.SourceAccount ?? "*", chatEvent.Source.RealName], trailing: true),
            ChatEventKind.Join => IrcWriter.Format(tags, source, "JOIN", [room!]),
            ChatEventKind.Part when text.Length == 0 => IrcWriter.Format(tags, source, "PART", [room!]),
            ChatEventKind.Part => IrcWriter.Format(tags, source, "PART", [room!, text], trailing: true),
            ChatEventKind.Quit => IrcWriter.Format(tags, source, "QUIT", [text.Length == 0 ? "Client Quit" : text], trailing: true),
            ChatEventKind.NickChange => IrcWriter.Format(tags, source, "NICK", [text]),
            ChatEventKind.TopicChange => IrcWriter.Format(tags, source, "TOPIC", [room!, text], trailing: true),
            ChatEventKind.ModeChange => IrcWriter.Format(tags, source, "MODE", [room!, .. ModeStrings.Parameters(chatEvent.Modes)]),
            ChatEventKind.Kick => IrcWriter.Format(tags, source, "KICK", [room!, chatEvent.TargetNick!, text.Length == 0 ? chatEvent.SourceNick : text], trailing: true),
            ChatEventKind.Invite => IrcWriter.Format(tags, source, "INVITE", [chatEvent.TargetNick!, room!]),
            // Only message-tags clients get a TAGMSG (IrcSession.Deliver): its client-only tags, escaped here, then the server's.
            ChatEventKind.TagMessage => IrcWriter.Format(WithClientTags(chatEvent.Tags, tags), source, "TAGMSG", [room is null ? chatEvent.TargetNick! : IrcStatusTarget.Prefix(chatEvent.Audience) + room]),
            ChatEventKind.Away when text.Length == 0 => IrcWriter.Format(tags, source, "AWAY", []),
            ChatEventKind.Away => IrcWriter.Format(tags, source, "AWAY", [text], trailing: true),
            ChatEventKind.Wallops => IrcWriter.Format(tags, source, "WALLOPS", [text], trailing: true),
            // https://ircv3.net/specs/extensions/setname; only setname clients get it (IrcSession.Deliver).
            ChatEventKind.RealNameChange => IrcWriter.Format(tags, source, "SETNAME", [text], trailing: true),
            // https://ircv3.net/specs/extensions/message-redaction; only clients with the cap get it (IrcSession.Encode).
            ChatEventKind.Redaction when text.Length == 0 => IrcWriter.Format(tags, source, "REDACT", [room ?? chatEvent.TargetNick!, chatEvent.RedactedMessageId!]),
            ChatEventKind.Redaction => IrcWriter.Format(tags, source, "REDACT", [room ?? chatEvent.TargetNick!, chatEvent.RedactedMessageId!, text], trailing: true),
            // https://ircv3.net/specs/extensions/account-notify; only clients with the cap get it (IrcSession.Encode).
            ChatEventKind.AccountChange => IrcWriter.Format(tags, source, "ACCOUNT", [text.Length == 0 ? "*" : text]),
            // https://ircv3.net/specs/extensions/channel-rename: the reason is always sent, empty or not.
            // Only clients with the cap get it; the others get PART and JOIN (IrcSession.Encode, IrcRenameFallback).
            ChatEventKind.RoomRename => IrcWriter.Format(tags, source, "RENAME", [Channel(chatEvent.RenamedFrom!), room!, text], trailing: true),
        };
#pragma warning restore CS8524
    }

    /// <summary>A TAGMSG's tags: the client's, escaped, before the server's (none when the hub made it without any).</summary>
    private static string? WithClientTags(IReadOnlyList<KeyValuePair<string, string>> clientTags, string? serverTags) =>
        IrcWriter.FormatTags(clientTags) is not { } client ? serverTags : serverTags is null ? client : client + ";" + serverTags;

    /// <summary>
    /// PRIVMSG or NOTICE lines for a text, to fit IRC's 512-byte lines (tags not counted): one
    /// line, the text cut, when <paramref name="oneLine"/> (it came from IRC as one line);
    /// else split into as many lines as it takes.
    /// </summary>
    private static byte[] Messages(string? tags, string source, string target, MessageStyle style, string text, bool oneLine)
    {
        var command = style == MessageStyle.Notice ? "NOTICE" : "PRIVMSG";
        var action = style == MessageStyle.Action;
        // What one line leaves for the text, less the CTCP wrapping ("\u0001ACTION " … "\u0001") of an action.
        var budget = IrcText.TrailingBudget(source, command, [target]) - (action ? 9 : 0);
        if (oneLine)
        {
            text = IrcText.Truncate(text, budget);
        }

        var pieces = IrcText.Split(text, Math.Max(64, budget));
        if (pieces.Count == 1)
        {
            return IrcWriter.Format(tags, source, command, [target, action ? IrcCtcp.Action(text) : text], trailing: true);
        }

        var lines = new List<byte[]>(pieces.Count);
        foreach (var piece in pieces)
        {
            lines.Add(IrcWriter.Format(tags, source, command, [target, action ? IrcCtcp.Action(piece) : piece], trailing: true));
        }

        return [.. lines.SelectMany(l => l)];
    }
}
