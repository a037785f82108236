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
}
