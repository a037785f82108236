namespace Piazza.Core;

/// <summary>What happened.</summary>
public enum ChatEventKind
{
    /// <summary>Text said in a room (<see cref="ChatEvent.Style"/> says whether plain, action or notice).</summary>
    Message,

    /// <summary>Text sent to one member (<see cref="ChatEvent.Target"/>).</summary>
    Private,

    /// <summary>A member joined a room.</summary>
    Join,

    /// <summary>A member left a room; <see cref="ChatEvent.Text"/> is the reason, maybe empty.</summary>
    Part,

    /// <summary>A member left the server; <see cref="ChatEvent.Text"/> is the reason.</summary>
    Quit,

    /// <summary>A member changed name; <see cref="ChatEvent.Text"/> is the new name.</summary>
    NickChange,

    /// <summary>A room's topic changed; <see cref="ChatEvent.Text"/> is the new topic.</summary>
    TopicChange,

    /// <summary>A room's modes changed; <see cref="ChatEvent.Modes"/> holds the changes.</summary>
    ModeChange,

    /// <summary>A member was put out of a room (<see cref="ChatEvent.Target"/>); <see cref="ChatEvent.Text"/> is the reason.</summary>
    Kick,

    /// <summary>A member was invited (<see cref="ChatEvent.Target"/>) to a room.</summary>
    Invite,

    /// <summary>A member changed its real name (IRC's SETNAME); <see cref="ChatEvent.Text"/> is the new one.</summary>
    RealNameChange,

    /// <summary>A member went away (<see cref="ChatEvent.Text"/> is the message) or came back (empty).</summary>
    Away,

    /// <summary>
    /// Tags without text (IRC's TAGMSG: typing notices, reactions) to a room or a member
    /// (<see cref="ChatEvent.Target"/>); <see cref="ChatEvent.Tags"/> holds the tags, unescaped.
    /// Never stored; protocols without tags do not show it.
    /// </summary>
    TagMessage,

    /// <summary>
    /// A server operator's message to every operator and every member who asked for them (IRC's
    /// WALLOPS and user mode +w); <see cref="ChatEvent.Text"/> is the message.
    /// </summary>
    Wallops,

    /// <summary>
    /// A message was deleted (IRCv3 message-redaction) by its sender or an operator, in a room or
    /// in a private conversation with <see cref="ChatEvent.Target"/>;
    /// <see cref="ChatEvent.RedactedMessageId"/> names it and <see cref="ChatEvent.Text"/> is the
    /// reason, maybe empty. Only clients that know message ids are shown it.
    /// </summary>
    Redaction,

    /// <summary>The source logged in to an account (<see cref="ChatEvent.Text"/>: its name) or out (empty).</summary>
    AccountChange,

    /// <summary>
    /// A room was renamed (IRCv3 draft/channel-rename) by one of its operators or a server
    /// operator: <see cref="ChatEvent.RenamedFrom"/> is the old name, <see cref="ChatEvent.RoomName"/>
    /// the new, <see cref="ChatEvent.Text"/> the reason, maybe empty. Members, modes, topic, bans
    /// and history stay with the room.
    /// </summary>
    RoomRename,
}

/// <summary>How a message is meant: said, acted (<c>/me</c>), or a notice (IRC NOTICE: never answered automatically).</summary>
public enum MessageStyle
{
    /// <summary>Said.</summary>
    Text,

    /// <summary>Acted: <c>/me waves</c>, IRC's CTCP ACTION.</summary>
    Action,

    /// <summary>A notice.</summary>
    Notice,
}
