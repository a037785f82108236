using Piazza.Core.Registrations;

namespace Piazza.Core;

/// <summary>
/// Registered rooms (issue 14): a room an account registers keeps its founder, modes, list modes
/// and operator accounts across restarts, stays open while empty, and gives its founder and
/// operator accounts +o when they join. The protocols ask through ChanServ (IRC) and
/// <c>/register-room</c> (plain); see docs/ARCHITECTURE.md, "Registered rooms".
/// </summary>
public sealed partial class ChatHub
{
    /// <summary>The nick of the room service: reserved (nobody may take it), the source of its replies and of the +o it gives.</summary>
    public const string ChanServNick = "ChanServ";

    /// <summary>The registrations' limit and their writer to the store.</summary>
    public RoomRegistry Registrations { get; }

    /// <summary>
    /// The room service as a member: it holds the nick <see cref="ChanServNick"/> in the nick
    /// registry (so NICK ChanServ is refused as a nick in use) and is the source of the +o given to
    /// a registered room's operators on joining. It is in no room and not among <see cref="Members"/>;
    /// what is sent to it privately is dropped (the IRC session answers ChanServ's commands itself).
    /// </summary>
    public Member ChanServ { get; }

    /// <summary>
    /// Registers the open room <paramref name="roomName"/> to <paramref name="member"/>'s account,
    /// which must be logged in and operate the room (or be a server operator). The room is
    /// registered at once; <paramref name="stored"/> ends when the store has it (true), or could not take it (false: the registration holds until a restart).
    /// </summary>
    /// <returns>
    /// <see cref="ChatError.None"/>; <see cref="ChatError.NotLoggedIn"/>; <see cref="ChatError.InvalidRoom"/>;
    /// <see cref="ChatError.NoSuchRoom"/>; <see cref="ChatError.PermanentRoom"/>; <see cref="ChatError.NotOperator"/>;
    /// <see cref="ChatError.AlreadyRegistered"/>; <see cref="ChatError.TooManyRegistrations"/>.
    /// </returns>
    public ChatError RegisterRoom(Member member, string roomName, out Room? room, out Task<bool> stored)
    {
        ArgumentNullException.ThrowIfNull(member);
        room = null;
        stored = Task.FromResult(false);
        if (member.Account is not { } account)
        {
            return ChatError.NotLoggedIn;
        }

        if (RoomName.Validate(roomName, Options.MaxRoomNameLength, out var name) is not null)
        {
            return ChatError.InvalidRoom;
        }

        room = FindRoom(name);
        if (room is null)
        {
            return ChatError.NoSuchRoom;
        }

        if (room.IsPermanent)
        {
            return ChatError.PermanentRoom;
        }

        if (!CanOperate(member, room))
        {
            return ChatError.NotOperator;
        }

        if (room.IsRegistered)
        {
            return ChatError.AlreadyRegistered;
        }

        lock (Registrations.Gate)
        {
            if (RegisteredBy(account) >= Registrations.MaxPerAccount)
            {
                return ChatError.TooManyRegistrations;
            }

            if (!room.TryRegister(new RoomRegistration(account, _time.GetUtcNow(), [])))
            {
                return room.IsRegistered ? ChatError.AlreadyRegistered : ChatError.NoSuchRoom;
            }
        }

        stored = Registrations.SaveNow(room);
        PublishRegistration(room);
        return ChatError.None;
    }

    /// <summary>
    /// Ends the registration of <paramref name="roomName"/>, as its founder or a server operator.
    /// The room stays as an ordinary room (closing at once if nobody is in it); <paramref name="stored"/>
    /// ends when the store has forgotten it (true), or could not (false).
    /// </summary>
    /// <returns>
    /// <see cref="ChatError.None"/>; <see cref="ChatError.InvalidRoom"/>; <see cref="ChatError.NoSuchRoom"/>;
    /// <see cref="ChatError.NotRegistered"/>; <see cref="ChatError.NotLoggedIn"/>; <see cref="ChatError.NotFounder"/>.
    /// </returns>
    public ChatError UnregisterRoom(Member member, string roomName, out Room? room, out Task<bool> stored)
    {
        ArgumentNullException.ThrowIfNull(member);
        room = null;
        stored = Task.FromResult(false);
        if (RoomName.Validate(roomName, Options.MaxRoomNameLength, out var name) is not null)
        {
            return ChatError.InvalidRoom;
        }

        room = FindRoom(name);
        if (room is null)
        {
            return ChatError.NoSuchRoom;
        }

        if (room.Registration is not { } registration)
        {
            return ChatError.NotRegistered;
        }

        if (!member.IsServerOperator)
        {
            if (member.Account is not { } account)
            {
                return ChatError.NotLoggedIn;
            }

            if (!NickName.Comparer.Equals(account, registration.Founder))
            {
                return ChatError.NotFounder;
            }
        }

        var closed = room.Unregister(out var current);
        PublishRegistration(room);
        if (closed)
        {
            _rooms.TryRemove(new KeyValuePair<string, Room>(current, room));
            Cluster?.RoomVacated(current); // in a cluster, the node followed it for its registration
        }

        stored = Registrations.Delete(current);
        return ChatError.None;
    }

    /// <summary>How many open rooms <paramref name="account"/> has registered.</summary>
    public int RegisteredBy(string account) =>
        _rooms.Values.Distinct().Count(r => r.Registration is { } registration && NickName.Comparer.Equals(registration.Founder, account));

    /// <summary>
    /// Makes the registered rooms again at start, before any client, with the settings they were
    /// stored with (the topics come after, with <see cref="RestoreTopics"/>). A stored room whose
    /// name is now a permanent room's, or no longer a valid name, is skipped and returned.
    /// </summary>
    public IReadOnlyList<string> RestoreRooms(IEnumerable<StoredRoom> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var skipped = new List<string>();
        foreach (var stored in rooms)
        {
            if (RoomName.Validate(stored.Name, Options.MaxRoomNameLength, out var name) is not null || _rooms.ContainsKey(name))
            {
                skipped.Add(stored.Name);
                continue;
            }

            var room = NewRoom(name);
            room.Restore(stored with { Name = name });
            _rooms[name] = room;
        }

        return skipped;
    }

    /// <summary>
    /// After mode changes to <paramref name="room"/>: a registered room's operator list follows
    /// +o/-o given to members logged in to an account, and the room is queued to be saved.
    /// </summary>
    private static void TrackOperator(Room room, Member target, bool add, ref bool registrationChanged)
    {
        if (target.Account is { } account && room.UpdateRegistration(r => r.WithOperator(account, add)))
        {
            registrationChanged = true;
        }
    }

    /// <summary>The +o ChanServ gives a registered room's operator account on joining, as the room sees it.</summary>
    private ChatEvent OperatorOnJoin(Room room, Member member) =>
        new(ChatEventKind.ModeChange, ChanServ, room, string.Empty, _time.GetUtcNow()) { Modes = [new ModeChange(true, 'o', member.Nick)] };
}
