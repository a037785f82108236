namespace Piazza.Floor;

/// <summary>A room: its members as an array replaced on join and part, so a broadcast reads it without a lock.</summary>
internal sealed class Room
{
    public volatile FloorConnection[] Members = [];
}

/// <summary>Rooms by name.</summary>
internal sealed class RoomTable
{
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Room Join(string name, FloorConnection member)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(name, out var room))
            {
                _rooms[name] = room = new Room();
            }

            room.Members = [.. room.Members, member];
            return room;
        }
    }

    public void Part(Room room, FloorConnection member)
    {
        lock (_gate)
        {
            room.Members = Array.FindAll(room.Members, m => m != member);
        }
    }
}
