namespace Piazza.Core;

/// <summary>
/// A connected client as the core sees it: who it is, which rooms it is in, and the sink that
/// reaches its session.
/// </summary>
/// <remarks>
/// Threading: the member's own session changes its nick, rooms and current room, one request at
/// a time; other threads read them. The room list is guarded by <see cref="Gate"/>; the nick and
/// current room are single references, read without a lock.
/// </remarks>
public sealed class Member
{
    private readonly List<Room> _rooms = [];
    private volatile string? _nick;
    private volatile Room? _currentRoom;

    internal Member(long id, string address, string host, IMemberSink sink)
    {
        Id = id;
        Address = address;
        Host = host;
        Sink = sink;
    }

    /// <summary>Unique for the life of the process.</summary>
    public long Id { get; }

    /// <summary>The client's <c>ip:port</c>: the seed's name for a client without a nickname.</summary>
    public string Address { get; }

    /// <summary>The client's IP address.</summary>
    public string Host { get; }

    /// <summary>How the core reaches the client's session.</summary>
    public IMemberSink Sink { get; }

    /// <summary>The chosen nickname, or null until one is chosen.</summary>
    public string? Nick
    {
        get => _nick;
        internal set => _nick = value;
    }

    /// <summary>The name others see: the nickname, else <see cref="Address"/>.</summary>
    public string Name => _nick ?? Address;

    /// <summary>Where plain text goes; null when in no room.</summary>
    public Room? CurrentRoom
    {
        get => _currentRoom;
        internal set => _currentRoom = value;
    }

    /// <summary>Set once the member has left the hub.</summary>
    public bool HasLeft { get; internal set; }

    /// <summary>Guards the room list. Lock order: a member's gate before a room's gate.</summary>
    internal Lock Gate { get; } = new();

    /// <summary>The rooms the member is in, oldest first; guarded by <see cref="Gate"/>.</summary>
    internal List<Room> RoomList => _rooms;

    /// <summary>A copy of the rooms the member is in, oldest join first.</summary>
    public Room[] Rooms
    {
        get
        {
            lock (Gate)
            {
                return [.. _rooms];
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
