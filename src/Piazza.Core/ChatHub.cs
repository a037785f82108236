using System.Collections.Concurrent;

namespace Piazza.Core;

/// <summary>
/// The chat: members, rooms and nicknames, protocol-neutral and socket-free. Sessions call it
/// on their own read loop, one request at a time per member; it reaches members through their
/// <see cref="IMemberSink"/>. See docs/ARCHITECTURE.md for the threads and locks.
/// </summary>
public sealed partial class ChatHub
{
    private readonly ConcurrentDictionary<long, Member> _members = new();
    private readonly ConcurrentDictionary<string, Room> _rooms = new(RoomName.Comparer);
    private readonly ConcurrentDictionary<string, Member> _nicks = new(NickName.Comparer);
    private readonly TimeProvider _time;
    private long _nextMemberId;

    /// <summary>Creates the chat with its default room.</summary>
    public ChatHub(ChatOptions options, TimeProvider time)
    {
        options.Validate();
        Options = options;
        _time = time;
        var defaultName = RoomName.Strip(options.DefaultRoom);
        DefaultRoom = new Room(defaultName, isDefault: true);
        _rooms[defaultName] = DefaultRoom;
    }

    /// <summary>The rules and limits in force.</summary>
    public ChatOptions Options { get; }

    /// <summary>The room every member starts in.</summary>
    public Room DefaultRoom { get; }

    /// <summary>How many members are connected.</summary>
    public int MemberCount => _members.Count;

    /// <summary>Every member now (a moment's view).</summary>
    public IEnumerable<Member> Members => _members.Values;

    /// <summary>Every open room now (a moment's view), by name.</summary>
    public IReadOnlyList<Room> Rooms =>
        [.. _rooms.Values.Where(r => !r.IsClosed).OrderBy(r => r.Name, RoomName.Comparer)];

    /// <summary>
    /// Adds a connected client and puts it in the default room; the room sees it join.
    /// </summary>
    /// <param name="address">The client's <c>ip:port</c>.</param>
    /// <param name="host">The client's IP address.</param>
    /// <param name="sink">How the core reaches the client's session.</param>
    public Member Connect(string address, string host, IMemberSink sink)
    {
        var member = new Member(Interlocked.Increment(ref _nextMemberId), address, host, sink);
        _members[member.Id] = member;
        Enter(member, DefaultRoom);
        return member;
    }

    /// <summary>
    /// Removes a member from every room and frees its nickname; everyone who shared a room
    /// with it sees it quit with <paramref name="reason"/>. Safe to call more than once.
    /// </summary>
    public void Disconnect(Member member, string reason)
    {
        Room[] rooms;
        lock (member.Gate)
        {
            if (member.HasLeft)
            {
                return;
            }

            member.HasLeft = true;
            rooms = [.. member.RoomList];
            member.RoomList.Clear();
            member.CurrentRoom = null;
        }

        foreach (var room in rooms)
        {
            Leave(room, member);
        }

        if (member.Nick is { } nick)
        {
            _nicks.TryRemove(new KeyValuePair<string, Member>(nick, member));
        }

        _members.TryRemove(member.Id, out _);
        var quit = NewEvent(ChatEventKind.Quit, member, null, reason);
        foreach (var other in Audience(rooms, member))
        {
            other.Sink.Deliver(quit);
        }
    }

    /// <summary>Asks every connected session to tell its client <paramref name="reason"/> and close.</summary>
    public void CloseAll(string reason)
    {
        foreach (var member in _members.Values)
        {
            member.Sink.Close(reason);
        }
    }

    /// <summary>The open room named <paramref name="name"/> (with or without '#'), if any.</summary>
    public Room? FindRoom(string name) =>
        _rooms.TryGetValue(RoomName.Strip(name), out var room) && !room.IsClosed ? room : null;

    /// <summary>The member with nickname <paramref name="nick"/>, if any.</summary>
    public Member? FindNick(string nick) => _nicks.TryGetValue(nick, out var member) ? member : null;

    private ChatEvent NewEvent(ChatEventKind kind, Member source, Room? room, string text) =>
        new(kind, source, room, text, _time.GetUtcNow());

    /// <summary>Everyone but <paramref name="member"/> who is in one of <paramref name="rooms"/>, once each.</summary>
    private static HashSet<Member> Audience(Room[] rooms, Member member)
    {
        var audience = new HashSet<Member>(ReferenceEqualityComparer.Instance);
        foreach (var room in rooms)
        {
            foreach (var other in room.Members)
            {
                audience.Add(other);
            }
        }

        audience.Remove(member);
        return audience;
    }
}
