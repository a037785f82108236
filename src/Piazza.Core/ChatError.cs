namespace Piazza.Core;

/// <summary>Why the core refused a request. Each protocol words these in its own way.</summary>
public enum ChatError
{
    /// <summary>Done.</summary>
    None,

    /// <summary>The nickname breaks <see cref="NickName"/>'s rule.</summary>
    InvalidNick,

    /// <summary>Someone else has that nickname.</summary>
    NickInUse,

    /// <summary>The room name breaks <see cref="RoomName"/>'s rule.</summary>
    InvalidRoom,

    /// <summary>The member is in <see cref="ChatOptions.MaxRoomsPerMember"/> rooms already.</summary>
    TooManyRooms,

    /// <summary>The member is not in that room (or in no room at all).</summary>
    NotInRoom,

    /// <summary>No room has that name.</summary>
    NoSuchRoom,

    /// <summary>No one has that nickname.</summary>
    NoSuchNick,

    /// <summary>The text is longer than its limit.</summary>
    TooLong,

    /// <summary>The text is empty where text is needed.</summary>
    EmptyText,

    /// <summary>Only the room's operators may do that.</summary>
    NotOperator,

    /// <summary>A ban matches the member.</summary>
    Banned,

    /// <summary>The room is invite-only (+i) and the member was not invited.</summary>
    InviteOnly,

    /// <summary>The room has a key (+k) and it was not given.</summary>
    BadKey,

    /// <summary>The room is at its member limit (+l).</summary>
    RoomFull,

    /// <summary>The member may not speak here: +m without voice, +n from outside, or banned.</summary>
    CannotSend,

    /// <summary>The target member is not in the room.</summary>
    TargetNotInRoom,

    /// <summary>The target member is in the room already.</summary>
    TargetInRoom,

    /// <summary>A mode letter the room does not have.</summary>
    UnknownMode,

    /// <summary>A mode's argument is missing or invalid.</summary>
    InvalidModeArgument,

    /// <summary>The room's ban list is full.</summary>
    BanListFull,

    /// <summary>Only a server operator (IRC OPER, plain /oper) may do this.</summary>
    NotServerOperator,

    /// <summary>No server ban is in force on that mask.</summary>
    NoSuchBan,

    /// <summary>No message with that id is known there (never sent, another room's, or gone from history).</summary>
    NoSuchMessage,

    /// <summary>Another open room has that name (a rename).</summary>
    RoomNameInUse,

    /// <summary>That room cannot be renamed: the default room and the other permanent rooms keep their names.</summary>
    CannotRename,

    /// <summary>Only a member logged in to an account may do this (register a room).</summary>
    NotLoggedIn,

    /// <summary>A permanent room (the default room and <see cref="ChatOptions.PermanentRooms"/>) is the server's: it cannot be registered.</summary>
    PermanentRoom,

    /// <summary>The room is registered already.</summary>
    AlreadyRegistered,

    /// <summary>The room is not registered.</summary>
    NotRegistered,

    /// <summary>The account has registered <see cref="Registrations.RoomRegistry.MaxPerAccount"/> rooms already.</summary>
    TooManyRegistrations,

    /// <summary>Only the room's founder (or a server operator) may do this.</summary>
    NotFounder,

    /// <summary>
    /// In a cluster, the shared history cannot take the message now (its queue is full, or it is
    /// closing): nothing was sent, as a cluster shows a message to no one before it is stored.
    /// </summary>
    NotStored,
}
