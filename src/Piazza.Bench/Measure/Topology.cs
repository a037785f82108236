namespace Piazza.Bench.Measure;

/// <summary>
/// Who is where: clients 0..C−1 fill rooms of <see cref="RoomSize"/> in order (the last room
/// may be smaller), and the first <see cref="SendersPerRoom"/> members of each room send. A
/// message's sender index is its client index, so a receiver knows which room it came from.
/// </summary>
internal sealed class Topology
{
    private readonly string _suffix;

    /// <param name="clients">How many clients there are.</param>
    /// <param name="roomSize">Members per room.</param>
    /// <param name="sendersPerRoom">Senders per room.</param>
    /// <param name="tag">
    /// Added to every room's name, so each run has rooms of its own: a server that replays a
    /// room's recent history on join (Piazza does) would otherwise hand a new run the last one's
    /// messages, which look like duplicates and reordering.
    /// </param>
    public Topology(int clients, int roomSize, int sendersPerRoom, string tag = "")
    {
        _suffix = tag.Length == 0 ? string.Empty : "-" + tag;
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(roomSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(sendersPerRoom, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clients, 0xFFFFFF);
        Clients = clients;
        RoomSize = Math.Min(roomSize, clients);
        SendersPerRoom = Math.Min(sendersPerRoom, RoomSize);
        Rooms = (clients + RoomSize - 1) / RoomSize;
    }

    /// <summary>How many clients there are.</summary>
    public int Clients { get; }

    /// <summary>Members per room (the last room may have fewer).</summary>
    public int RoomSize { get; }

    /// <summary>Senders per room.</summary>
    public int SendersPerRoom { get; }

    /// <summary>How many rooms there are.</summary>
    public int Rooms { get; }

    /// <summary>The room of a client.</summary>
    public int RoomOf(int client) => client / RoomSize;

    /// <summary>The first client (and first sender) of a room.</summary>
    public int FirstMember(int room) => room * RoomSize;

    /// <summary>How many members a room has.</summary>
    public int SizeOf(int room) => Math.Min(RoomSize, Clients - FirstMember(room));

    /// <summary>How many of a room's members send.</summary>
    public int SendersIn(int room) => Math.Min(SendersPerRoom, SizeOf(room));

    /// <summary>Whether a client sends.</summary>
    public bool IsSender(int client) => client - FirstMember(RoomOf(client)) < SendersIn(RoomOf(client));

    /// <summary>The senders, in client order.</summary>
    public IEnumerable<int> Senders => Enumerable.Range(0, Clients).Where(IsSender);

    /// <summary>
    /// How many clients receive each message a member of <paramref name="room"/> sends: the
    /// others, plus the sender itself where the server echoes (Redis subscribers).
    /// </summary>
    public int AudienceOf(int room, bool selfDelivery) => SizeOf(room) - (selfDelivery ? 0 : 1);

    /// <summary>The room's name on the wire: "bench-TAG" when there is one, else "r0-TAG", "r1-TAG", …</summary>
    public string RoomName(int room) => (Rooms == 1 ? "bench" : "r" + room.ToString(System.Globalization.CultureInfo.InvariantCulture)) + _suffix;
}
