using System.Collections.Concurrent;
using System.Globalization;

using Piazza.Core.Accounts;
using Piazza.Core.Bans;
using Piazza.Core.History;
using Piazza.Core.Metrics;
using Piazza.Core.ReadMarkers;
using Piazza.Core.Registrations;
using Piazza.Core.WhoWas;

namespace Piazza.Core;

/// <summary>
/// The chat: members, rooms and nicknames, protocol-neutral and socket-free. Sessions call it
/// on their own read loop, one request at a time per member; it reaches members through their
/// <see cref="IMemberSink"/>. Operations that others see return the event they broadcast, so a
/// protocol that shows a member its own actions (IRC) can deliver it back. See
/// docs/ARCHITECTURE.md for the threads and locks.
/// </summary>
public sealed partial class ChatHub
{
    private readonly ConcurrentDictionary<long, Member> _members = new();
    private readonly ConcurrentDictionary<string, Room> _rooms = new(RoomName.Comparer);
    private readonly ConcurrentDictionary<string, Member> _nicks = new(NickName.Comparer);
    private readonly TimeProvider _time;
    private readonly RoomModes _newRoomModes;
    private long _nextMemberId;
    private string? _closedWith;

    // Kept as members come, go and change, so that LUSERS (sent to every IRC client as it
    // registers) costs no scan of every member: with 5,000 connected, the scans were a quarter of
    // the server's CPU in a connect storm (docs/perf-notes/churn-2026-12-07.md). Interlocked; a member's flags and its
    // leaving are ordered by its Gate, so each member is counted in and out once.
    private int _memberCount;
    private int _invisibleCount;
    private int _serverOperatorCount;

    /// <summary>Creates the chat with its default room and its other permanent rooms.</summary>
    /// <param name="options">The rules and limits.</param>
    /// <param name="time">The clock.</param>
    /// <param name="history">Where room messages are stored, or null for none.</param>
    /// <param name="serverBans">The server bans, loaded; null for an empty list kept in memory.</param>
    /// <param name="accounts">The registered accounts, loaded; null for an empty list kept in memory.</param>
    /// <param name="readMarkers">Where the accounts' read markers last; null for memory.</param>
    /// <param name="registrations">Where registered rooms last, and how many an account may register; null for memory and the default limit.</param>
    /// <param name="servicesHost">The host ChanServ shows (<c>ChanServ!ChanServ@host</c>).</param>
    public ChatHub(ChatOptions options, TimeProvider time, IMessageStore? history = null, ServerBanList? serverBans = null, AccountList? accounts = null, IReadMarkerStore? readMarkers = null, RoomRegistry? registrations = null, string servicesHost = "services")
    {
        History = history;
        ServerBans = serverBans ?? new ServerBanList(new InMemoryServerBanStore(), time);
        Accounts = accounts ?? new AccountList(new InMemoryAccountStore());
        ReadMarkers = readMarkers ?? new InMemoryReadMarkerStore();
        Registrations = registrations ?? new RoomRegistry(new InMemoryRoomRegistrationStore());
        options.Validate();
        Options = options;
        _time = time;
        _newRoomModes = RoomModes.FromLetters(options.RoomModes);
        var defaultName = RoomName.Strip(options.DefaultRoom);
        DefaultRoom = new Room(defaultName, isDefault: true, isPermanent: true, RoomModes.FromLetters(options.DefaultRoomModes), time.GetUtcNow(), Counters);
        _rooms[defaultName] = DefaultRoom;
        foreach (var permanent in options.PermanentRooms)
        {
            var name = RoomName.Strip(permanent);
            _rooms.TryAdd(name, new Room(name, isDefault: false, isPermanent: true, _newRoomModes, time.GetUtcNow(), Counters));
        }

        // The room service holds its nick from the start: nobody can take it (NICK ChanServ is 433).
        ChanServ = new Member(0, new MemberInfo(ChanServNick, servicesHost, ChanServNick, "Channel services", ChanServNick), ChanServNick, chosen: true, ServiceSink.Instance, time.GetUtcNow());
        _nicks[ChanServNick] = ChanServ;
        StartedAt = time.GetUtcNow();
        WhoWas = new WhoWasHistory(options.MaxWhoWasEntries);
    }

    /// <summary>The nicknames people have left (nick changes and quits), for IRC's WHOWAS.</summary>
    public WhoWasHistory WhoWas { get; }

    /// <summary>What the chat has done since it started (messages, deliveries, per-protocol session figures), for <c>/metrics</c>.</summary>
    public ChatCounters Counters { get; } = new();

    /// <summary>Where room messages and topics are stored; null when history is off.</summary>
    public IMessageStore? History { get; }

    /// <summary>The rules and limits in force.</summary>
    public ChatOptions Options { get; }

    /// <summary>The room every plain client starts in.</summary>
    public Room DefaultRoom { get; }

    /// <summary>When the hub was made (the server's start).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The clock the chat runs on (sessions take their timeouts from it; tests replace it).</summary>
    public TimeProvider Time => _time;

    /// <summary>How many members are connected.</summary>
    public int MemberCount => Volatile.Read(ref _memberCount);

    /// <summary>Every member now (a moment's view).</summary>
    public IEnumerable<Member> Members => _members.Values;

    /// <summary>Every open room now (a moment's view), by name.</summary>
    public IReadOnlyList<Room> Rooms =>
        [.. _rooms.Values.Where(r => !r.IsClosed).OrderBy(r => r.Name, RoomName.Comparer)];

    /// <summary>How many rooms are open now: <see cref="Rooms"/>' count, without its copy and sort (LUSERS, /healthz, /metrics).</summary>
    public int RoomCount
    {
        get
        {
            // The dictionary's own enumerator takes no lock and copies nothing (.Values does both).
            var count = 0;
            foreach (var entry in _rooms)
            {
                if (!entry.Value.IsClosed)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>
    /// Adds a plain-protocol client and puts it in the default room; the room sees it join.
    /// </summary>
    public Member Connect(string address, string host, IMemberSink sink)
    {
        Connect(MemberInfo.Plain(address, host), sink, joinDefaultRoom: true, out var member);
        return member!;
    }

    /// <summary>
    /// Adds a connected client. A client without a nick gets a guest nick; one with a nick gets
    /// <see cref="ChatError.NickInUse"/> or <see cref="ChatError.InvalidNick"/> when it cannot have it.
    /// </summary>
    public ChatError Connect(MemberInfo info, IMemberSink sink, bool joinDefaultRoom, out Member? member)
    {
        member = null;
        var id = Interlocked.Increment(ref _nextMemberId);
        if (info.Nick is { } chosen && NickName.Validate(chosen, Options.MaxNickLength) is not null)
        {
            return ChatError.InvalidNick;
        }

        var nick = info.Nick ?? GuestNick(id);
        var candidate = new Member(id, info, nick, chosen: info.Nick is not null, sink, _time.GetUtcNow());
        while (!_nicks.TryAdd(nick, candidate))
        {
            if (info.Nick is not null)
            {
                return ChatError.NickInUse;
            }

            // Someone chose "Guest42" for themselves: try the next guest name.
            nick = GuestNick(Interlocked.Increment(ref _nextMemberId));
            candidate.Nick = nick;
        }

        member = candidate;
        _members[member.Id] = member;
        Interlocked.Increment(ref _memberCount);
        if (Volatile.Read(ref _closedWith) is { } closing)
        {
            // The server is stopping (CloseAll ran): the member is closed as the others were.
            sink.Close(closing);
        }

        AnnounceOnline(nick, member);
        if (joinDefaultRoom)
        {
            Enter(member, DefaultRoom, expectedName: null, out _, out _);
        }

        return ChatError.None;
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
            LeaveCounts(member);
            rooms = [.. member.RoomList];
            member.RoomList.Clear();
            member.CurrentRoom = null;
        }

        reason = Cut(reason);
        foreach (var room in rooms)
        {
            PublishRoster(ChatEventKind.Quit, member, room, reason);
            Leave(room, member);
        }

        _members.TryRemove(member.Id, out _);
        UnwatchAll(member);
        ReleaseNick(member.Nick, member);
        ReleaseClusterNick(member, member.Nick);
        RememberNick(member, member.Nick);
        var quit = NewEvent(ChatEventKind.Quit, member, null, reason);
        DeliverTo(Audience(rooms, member), quit);
    }

    /// <summary>Keeps <paramref name="nick"/>, which <paramref name="member"/> just left, for WHOWAS; a guest nick is nobody's to remember.</summary>
    private void RememberNick(Member member, string nick)
    {
        if (member.HasChosenNick)
        {
            WhoWas.Record(new WhoWasEntry(nick, member.User, member.Host, member.RealName, _time.GetUtcNow()));
        }
    }

    /// <summary>Asks every connected session, and any that connects from now on, to tell its client <paramref name="reason"/> and close.</summary>
    public void CloseAll(string reason)
    {
        // First, so that a client connecting meanwhile is either in the list below or sees this
        // (Connect reads it after adding itself): one still being detected or registering when
        // the server began to stop is told too, not left to the host's timeout.
        Volatile.Write(ref _closedWith, reason);
        foreach (var member in _members.Values)
        {
            member.Sink.Close(reason);
        }
    }

    /// <summary>The open room named <paramref name="name"/> (with or without '#'), if any.</summary>
    public Room? FindRoom(string name) =>
        _rooms.TryGetValue(RoomName.Strip(name), out var room) && !room.IsClosed ? room : null;

    /// <summary>The member with nickname <paramref name="nick"/> (chosen or guest), if any.</summary>
    public Member? FindNick(string nick) => _nicks.TryGetValue(nick, out var member) ? member : null;

    /// <summary><c>Guest42</c>, or <c>G16</c> (base 36) when NICKLEN is too short for that.</summary>
    private string GuestNick(long id)
    {
        var nick = "Guest" + id.ToString(CultureInfo.InvariantCulture);
        if (nick.Length <= Options.MaxNickLength)
        {
            return nick;
        }

        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var short36 = string.Empty;
        for (var n = id; n > 0; n /= 36)
        {
            short36 = Digits[(int)(n % 36)] + short36;
        }

        return "G" + short36;
    }

    private ChatEvent NewEvent(ChatEventKind kind, Member source, Room? room, string text, Member? target = null, MessageStyle style = MessageStyle.Text) =>
        new(kind, source, room, text, _time.GetUtcNow(), target, style);

    /// <summary>Cuts a reason or away message to <see cref="ChatOptions.MaxReasonLength"/> bytes, on a character boundary.</summary>
    private string Cut(string text)
    {
        var max = Options.MaxReasonLength;
        if (text.Length <= max / 4 || System.Text.Encoding.UTF8.GetByteCount(text) <= max)
        {
            return text;
        }

        var length = text.Length;
        while (length > 0 && System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > max)
        {
            length--;
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length];
    }

    /// <summary>Delivers <paramref name="chatEvent"/> to each of <paramref name="audience"/>, waking their writers as a broadcast of that size does (<see cref="WakeMode"/>).</summary>
    internal static void DeliverTo(HashSet<Member> audience, ChatEvent chatEvent)
    {
        using var wakes = WakeMode.For(audience.Count);
        foreach (var other in audience)
        {
            other.Sink.Deliver(chatEvent);
        }
    }

    /// <summary>Everyone of this node but <paramref name="member"/> who is in one of <paramref name="rooms"/>, once each.</summary>
    internal static HashSet<Member> Audience(Room[] rooms, Member member)
    {
        var audience = new HashSet<Member>(ReferenceEqualityComparer.Instance);
        foreach (var room in rooms)
        {
            foreach (var other in room.LocalMembers)
            {
                audience.Add(other);
            }
        }

        audience.Remove(member);
        return audience;
    }
}
