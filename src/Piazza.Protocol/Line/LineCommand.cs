namespace Piazza.Protocol.Line;

/// <summary>The kinds of line a plain-protocol client can send.</summary>
public enum LineCommandKind
{
    /// <summary>Empty or only white space: ignored.</summary>
    Empty,

    /// <summary>Chat text for the current room.</summary>
    Text,

    /// <summary>The seed's bare <c>exit</c>.</summary>
    Exit,

    /// <summary><c>/nick NAME</c></summary>
    Nick,

    /// <summary><c>/join ROOM</c></summary>
    Join,

    /// <summary><c>/part [ROOM]</c></summary>
    Part,

    /// <summary><c>/rooms</c></summary>
    Rooms,

    /// <summary><c>/who [ROOM]</c></summary>
    Who,

    /// <summary><c>/msg NICK TEXT</c></summary>
    Msg,

    /// <summary><c>/me TEXT</c></summary>
    Me,

    /// <summary><c>/topic [TEXT]</c></summary>
    Topic,

    /// <summary><c>/help</c></summary>
    Help,

    /// <summary><c>/quit [REASON]</c></summary>
    Quit,

    /// <summary><c>/kick NICK [REASON]</c> (room operators)</summary>
    Kick,

    /// <summary><c>/mode [MODES [ARGS]]</c> on the current room, in IRC's letters (room operators)</summary>
    Mode,

    /// <summary><c>/invite NICK</c> to the current room</summary>
    Invite,

    /// <summary><c>/rename NEWNAME [REASON]</c>: rename the current room (room operators)</summary>
    Rename,

    /// <summary><c>/away [MESSAGE]</c></summary>
    Away,

    /// <summary><c>/history [N]</c>: the current room's last N messages</summary>
    History,

    /// <summary><c>/oper NAME PASSWORD</c>: become a server operator</summary>
    Oper,

    /// <summary><c>/kill NICK [REASON]</c> (server operators)</summary>
    Kill,

    /// <summary><c>/wallops TEXT</c> to every server operator (server operators)</summary>
    Wallops,

    /// <summary><c>/ban MASK-OR-CIDR [DURATION] [REASON]</c>: ban from the server (server operators)</summary>
    Ban,

    /// <summary><c>/unban MASK-OR-CIDR</c>: lift a server ban (server operators)</summary>
    Unban,

    /// <summary><c>/bans</c>: list the server bans (server operators)</summary>
    Bans,

    /// <summary><c>/oper-account [NAME [on|off]]</c>: list, show or set the accounts whose login makes one a server operator (server operators)</summary>
    OperAccount,

    /// <summary><c>/register PASSWORD</c>: register one's nick as an account</summary>
    Register,

    /// <summary><c>/login NAME PASSWORD</c>: log in to an account</summary>
    Login,

    /// <summary><c>/logout</c></summary>
    Logout,

    /// <summary><c>/register-room [ROOM]</c>: register a room one operates to one's account (default: the current room)</summary>
    RegisterRoom,

    /// <summary><c>/unregister-room [ROOM]</c>: end a room's registration, as its founder or a server operator</summary>
    UnregisterRoom,

    /// <summary>A <c>/word</c> that is no command.</summary>
    Unknown,
}

/// <summary>One parsed plain-protocol line.</summary>
/// <param name="Kind">What the line asks for.</param>
/// <param name="Verb">The command word as typed, without the slash (empty for text).</param>
/// <param name="Target">The first argument: a nick or a room; empty when absent.</param>
/// <param name="Text">The free text: chat text, or what follows the target.</param>
public readonly record struct LineCommand(LineCommandKind Kind, string Verb, string Target, string Text);
