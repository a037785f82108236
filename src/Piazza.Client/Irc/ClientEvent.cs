namespace Piazza.Client.Irc;

/// <summary>
/// What the IRC session tells the client: one record per thing a user could see or that
/// changes the client's state. Raised on the session's reader thread, in wire order.
/// </summary>
internal abstract record ClientEvent;

/// <summary>A connection attempt to <paramref name="Server"/> begins.</summary>
internal sealed record ConnectingEvent(ServerAddress Server) : ClientEvent;

/// <summary>Registration finished (001 and the end of the MOTD or its absence): the client may join.</summary>
/// <param name="Nick">The nickname the server gave us.</param>
/// <param name="Server">The server's name, from the 001's source.</param>
internal sealed record RegisteredEvent(string Nick, string Server) : ClientEvent;

/// <summary>The first connection to one of several servers failed; <paramref name="Next"/> is tried now.</summary>
/// <param name="Reason">Why, as one line a user can read (it names the server).</param>
/// <param name="Next">The server tried next.</param>
internal sealed record ServerSkippedEvent(string Reason, ServerAddress Next) : ClientEvent;

/// <summary>The connection ended. The reason is one line a user can read.</summary>
internal sealed record DisconnectedEvent(string Reason) : ClientEvent;

/// <summary>The session waits before it reconnects; raised once per second of the wait.</summary>
internal sealed record ReconnectCountdownEvent(int SecondsLeft) : ClientEvent;

/// <summary>A line for the server window: numerics, notices from the server, errors.</summary>
/// <param name="IsError">An error reply (4xx, 5xx, FAIL).</param>
/// <param name="IsRoutine">Welcome, MOTD and statistics that every connection gets: a script does not need them.</param>
/// <param name="IsReply">The answer to something the user typed (/register, /login): shown where they typed it.</param>
internal sealed record ServerTextEvent(string Text, bool IsError = false, bool IsRoutine = false, bool IsReply = false) : ClientEvent;

/// <summary>A row of a WHO reply (352, 354), or its end (315), as text.</summary>
internal sealed record WhoReplyEvent(string Text, bool IsEnd) : ClientEvent;

/// <summary>Someone (perhaps us) joined a channel.</summary>
internal sealed record JoinEvent(string Channel, string Nick, bool IsMe, DateTimeOffset Time) : ClientEvent;

/// <summary>The server refused to let us join <paramref name="Channel"/> (banned, full, invite only, no such channel…).</summary>
internal sealed record JoinFailedEvent(string Channel, string Reason) : ClientEvent;

/// <summary>Someone (perhaps us) left a channel, on their own or kicked by <paramref name="KickedBy"/>.</summary>
internal sealed record PartEvent(string Channel, string Nick, bool IsMe, string? Reason, string? KickedBy, DateTimeOffset Time) : ClientEvent;

/// <summary>
/// A channel we are in was renamed (https://ircv3.net/specs/extensions/channel-rename): the
/// same channel, members and all, under <paramref name="NewChannel"/>.
/// </summary>
internal sealed record RenameEvent(string OldChannel, string NewChannel, string By, string? Reason, DateTimeOffset Time) : ClientEvent;

/// <summary>Someone left the network.</summary>
internal sealed record QuitEvent(string Nick, string? Reason, DateTimeOffset Time) : ClientEvent;

/// <summary>Someone (perhaps us) changed nickname.</summary>
internal sealed record NickEvent(string OldNick, string NewNick, bool IsMe, DateTimeOffset Time) : ClientEvent;

/// <summary>The kinds of text a user sends to a conversation.</summary>
internal enum MessageKind
{
    Privmsg,
    Action,
    Notice,

    /// <summary>A topic change kept in a room's history (the text is the topic): only received, never sent.</summary>
    TopicChange,
}

/// <summary>
/// A message to a channel or to us. <paramref name="Conversation"/> is the channel, or for a
/// private message the other person's nick (ours when we sent it ourselves, by echo-message).
/// </summary>
internal sealed record MessageEvent(
    string Conversation,
    string Sender,
    string Text,
    MessageKind Kind,
    DateTimeOffset Time,
    string? MessageId,
    bool IsOwn,
    bool IsHistory) : ClientEvent;

/// <summary>A channel's topic: on join (332) or when changed (TOPIC).</summary>
internal sealed record TopicEvent(string Channel, string Topic, string? SetBy, bool IsChange, DateTimeOffset Time) : ClientEvent;

/// <summary>The full member list of a channel (after 366), nicks without prefixes but with their highest prefix kept apart.</summary>
internal sealed record NamesEvent(string Channel, IReadOnlyList<ChannelMember> Members) : ClientEvent;

/// <summary>A mode change on a channel or on us.</summary>
internal sealed record ModeEvent(string Target, string By, string Change, DateTimeOffset Time) : ClientEvent;

/// <summary>
/// What the server says of nicks on our MONITOR list: online now (730, connected or took the
/// nick) or offline (731, quit or took another nick) (https://ircv3.net/specs/extensions/monitor).
/// </summary>
internal sealed record PresenceEvent(IReadOnlyList<string> Nicks, bool IsOnline) : ClientEvent;

/// <summary>A block of earlier messages (a <c>chathistory</c> batch) for one conversation, oldest first.</summary>
internal sealed record HistoryEvent(string Conversation, IReadOnlyList<MessageEvent> Messages) : ClientEvent;

/// <summary>One member of a channel and their prefix ('@', '+', … or none).</summary>
internal readonly record struct ChannelMember(string Nick, char? Prefix);
