using Piazza.Core.Bans;
using Piazza.Core.Metrics;
using Piazza.Core.Registrations;

namespace Piazza.Core;

/// <summary>
/// A room: its members, their status, its topic and modes. Fan-out reads an immutable
/// snapshot of the members, so a broadcast takes no lock and never waits for a join or part;
/// joins, parts and status changes copy under the room's own lock (they are rare next to
/// messages). Status sets and modes are likewise immutable values swapped whole.
/// </summary>
public sealed class Room
{
    private readonly Lock _gate = new();
    private readonly HashSet<Member> _invited = new(ReferenceEqualityComparer.Instance);
    private Member[] _members = [];
    private Member[] _remote = [];
    private HashSet<Member> _operators = new(ReferenceEqualityComparer.Instance);
    private HashSet<Member> _voiced = new(ReferenceEqualityComparer.Instance);
    private RoomBan[] _bans = [];
    private RoomBan[] _exceptions = [];
    private RoomBan[] _inviteExceptions = [];
    private RoomTopic? _topic;
    private RoomModes _modes;
    private string _name;
    private RoomRegistration? _registration;
    private int _savePending;
    private Member? _founderToBe;
    private readonly ChatCounters _counters;

    internal Room(string name, bool isDefault, bool isPermanent, RoomModes modes, DateTimeOffset createdAt, ChatCounters counters)
    {
        _counters = counters;
        _name = name;
        IsDefault = isDefault;
        IsPermanent = isDefault || isPermanent;
        _modes = modes;
        CreatedAt = createdAt;
    }

    /// <summary>
    /// The name as first written (or as a rename wrote it), without the IRC '#'. It changes only
    /// under the room's lock (<see cref="Rename"/>); read it once where one name must hold.
    /// </summary>
    public string Name => Volatile.Read(ref _name);

    /// <summary>True for the default room, where plain clients start.</summary>
    public bool IsDefault { get; }

    /// <summary>
    /// True for the default room and the other <see cref="ChatOptions.PermanentRooms"/>: it
    /// outlives its members and never makes its first joiner an operator. Other rooms close when
    /// the last one leaves, and their first joiner operates them.
    /// </summary>
    public bool IsPermanent { get; }

    /// <summary>When the room was made.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>
    /// The members now, this node's and (in a cluster) the other nodes' (<see cref="Member.Node"/>):
    /// a snapshot, safe to enumerate without a lock. Who is shown in NAMES and WHO.
    /// </summary>
    public IReadOnlyList<Member> Members
    {
        get
        {
            var local = Volatile.Read(ref _members);
            var remote = Volatile.Read(ref _remote);
            return remote.Length == 0 ? local : [.. local, .. remote];
        }
    }

    /// <summary>This node's members: those a broadcast reaches (an immutable snapshot).</summary>
    public IReadOnlyList<Member> LocalMembers => Volatile.Read(ref _members);

    /// <summary>How many members the room has, on every node.</summary>
    public int Count => Volatile.Read(ref _members).Length + Volatile.Read(ref _remote).Length;

    /// <summary>How many of its members are on this node: the room closes here when none is left.</summary>
    public int LocalCount => Volatile.Read(ref _members).Length;

    /// <summary>The topic, or null when none is set.</summary>
    public RoomTopic? Topic => Volatile.Read(ref _topic);

    /// <summary>The modes now.</summary>
    public RoomModes Modes => Volatile.Read(ref _modes);

    /// <summary>The bans now, oldest first.</summary>
    public IReadOnlyList<RoomBan> Bans => Volatile.Read(ref _bans);

    /// <summary>The ban exceptions (+e) now, oldest first: whom they match no ban holds back.</summary>
    public IReadOnlyList<RoomBan> Exceptions => Volatile.Read(ref _exceptions);

    /// <summary>The invite exceptions (+I) now, oldest first: whom they match passes +i.</summary>
    public IReadOnlyList<RoomBan> InviteExceptions => Volatile.Read(ref _inviteExceptions);

    /// <summary>
    /// The room's registration (founder, operator accounts), or null when it is not registered. A
    /// registered room does not close when its last member leaves, and keeps its settings across
    /// restarts (<see cref="RoomRegistry"/>). Changed only under the room's lock.
    /// </summary>
    public RoomRegistration? Registration => Volatile.Read(ref _registration);

    /// <summary>True while the room is registered.</summary>
    public bool IsRegistered => Registration is not null;

    /// <summary>True once the last member left a room that is neither permanent nor registered; it accepts no one after.</summary>
    internal bool IsClosed { get; private set; }

    /// <summary>True when <paramref name="member"/> is an operator here (+o).</summary>
    public bool IsOperator(Member member) => Volatile.Read(ref _operators).Contains(member);

    /// <summary>True when <paramref name="member"/> has voice here (+v).</summary>
    public bool IsVoiced(Member member) => Volatile.Read(ref _voiced).Contains(member);

    /// <summary>True when <paramref name="member"/> is in the room now.</summary>
    public bool Contains(Member member) =>
        Array.IndexOf(member.Node is null ? Volatile.Read(ref _members) : Volatile.Read(ref _remote), member) >= 0;

    /// <summary>
    /// True unless the room is secret (+s) and <paramref name="member"/> is neither in it nor a
    /// server operator: a secret room is not listed, named in WHOIS, or shown in NAMES to outsiders.
    /// </summary>
    public bool IsVisibleTo(Member member) => !Modes.Secret || member.IsServerOperator || Contains(member);

    /// <summary>
    /// True when a ban (not a mute) matches <paramref name="member"/> and no ban exception (+e, not
    /// a mute exception) does (<see cref="BanMask.Matches"/>, as server bans do).
    /// </summary>
    public bool IsBanned(Member member) =>
        AnyMatches(Volatile.Read(ref _bans), member, mutes: false) && !AnyMatches(Volatile.Read(ref _exceptions), member, mutes: false);

    /// <summary>
    /// True when a mute (<c>+b m:mask</c>) matches <paramref name="member"/> and no ban exception
    /// does, plain or mute (<c>+e m:mask</c>): it may be in the room but not speak.
    /// </summary>
    public bool IsMuted(Member member) =>
        AnyMatches(Volatile.Read(ref _bans), member, mutes: true) && !AnyMatches(Volatile.Read(ref _exceptions), member, mutes: null);

    /// <summary>True when an invite exception (+I) matches <paramref name="member"/>: it may join past +i.</summary>
    public bool IsInviteExcepted(Member member) => AnyMatches(Volatile.Read(ref _inviteExceptions), member, mutes: false);

    /// <summary>The list a list mode keeps: b bans, e ban exceptions, I invite exceptions; null for other letters.</summary>
    public IReadOnlyList<RoomBan>? ListOf(char mode) => mode switch
    {
        'b' => Bans,
        'e' => Exceptions,
        'I' => InviteExceptions,
        _ => null,
    };

    /// <summary>
    /// Delivers <paramref name="chatEvent"/> to every member but <paramref name="except"/>.
    /// Lock-free and allocation-free: the hot path of the server.
    /// </summary>
    public void Broadcast(ChatEvent chatEvent, Member? except)
    {
        var members = Volatile.Read(ref _members);
        using var wakes = WakeMode.For(except is null ? members.Length : members.Length - 1);
        var delivered = 0;
        foreach (var member in members)
        {
            if (!ReferenceEquals(member, except))
            {
                member.Sink.Deliver(chatEvent);
                delivered++;
            }
        }

        _counters.CountDeliveries(delivered);
    }

    /// <summary>
    /// Delivers <paramref name="chatEvent"/> to the members of <paramref name="audience"/> but
    /// <paramref name="except"/> (a status message: operators, or voiced members and operators).
    /// Lock-free, as <see cref="Broadcast"/>: it reads the status snapshots once.
    /// </summary>
    public void BroadcastTo(RoomAudience audience, ChatEvent chatEvent, Member? except)
    {
        if (audience == RoomAudience.Everyone)
        {
            Broadcast(chatEvent, except);
            return;
        }

        var operators = Volatile.Read(ref _operators);
        var voiced = Volatile.Read(ref _voiced);
        var members = Volatile.Read(ref _members);
        using var wakes = WakeMode.For(members.Length);
        var delivered = 0;
        foreach (var member in members)
        {
            if (!ReferenceEquals(member, except) && (operators.Contains(member) || (audience == RoomAudience.VoicedAndOperators && voiced.Contains(member))))
            {
                member.Sink.Deliver(chatEvent);
                delivered++;
            }
        }

        _counters.CountDeliveries(delivered);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    internal void SetTopic(RoomTopic? topic) => Volatile.Write(ref _topic, topic);

    internal void SetModes(RoomModes modes) => Volatile.Write(ref _modes, modes);

    internal bool IsInvited(Member member)
    {
        lock (_gate)
        {
            return _invited.Contains(member);
        }
    }

    internal void AddInvite(Member member)
    {
        lock (_gate)
        {
            _invited.Add(member);
        }
    }

    /// <summary>
    /// Adds or removes an operator or voice; false when the member is not here.
    /// <paramref name="changed"/> is false when it already had (or lacked) that status: nothing to tell.
    /// </summary>
    internal bool SetStatus(Member member, char mode, bool add, out bool changed)
    {
        lock (_gate)
        {
            changed = false;
            if (Array.IndexOf(_members, member) < 0 && Array.IndexOf(_remote, member) < 0)
            {
                return false;
            }

            ref var set = ref mode == 'o' ? ref _operators : ref _voiced;
            if (set.Contains(member) == add)
            {
                return true;
            }

            Volatile.Write(ref set, CopyWith(set, member, add));
            changed = true;
            return true;
        }
    }

    /// <summary>
    /// Takes the flag modes and lists another node's room has (a cluster's room is one room), and
    /// its registration when they carry one: under the lock, so readers see one or the other. Settings
    /// without a registration leave the room's as it is: a registration ends only by its own change
    /// (<see cref="TakeRegistration"/>), never by a view of the room from a node that had not heard of it.
    /// </summary>
    internal void SetSettings(Cluster.NodeRoomModes settings)
    {
        lock (_gate)
        {
            Volatile.Write(ref _modes, settings.Modes);
            Volatile.Write(ref _bans, [.. settings.Bans]);
            Volatile.Write(ref _exceptions, [.. settings.Exceptions]);
            Volatile.Write(ref _inviteExceptions, [.. settings.InviteExceptions]);
            if (settings.Registration is { } registration && !IsPermanent && !IsClosed)
            {
                Volatile.Write(ref _registration, registration);
            }
        }
    }

    /// <summary>
    /// The member who made the room on this node of a cluster, waiting to learn whether it is the
    /// first in the room on any node (then it is made operator); null once asked, or when there is none.
    /// </summary>
    internal Member? TakeFounderToBe() => Interlocked.Exchange(ref _founderToBe, null);

    /// <summary>Adds an entry to list mode <paramref name="mode"/> (b, e or I); false when that mask is there already or the list is full.</summary>
    internal bool AddToList(char mode, RoomBan entry, int maxEntries)
    {
        lock (_gate)
        {
            ref var list = ref ListField(mode);
            if (list.Length >= maxEntries || list.Any(b => BanMask.Comparer.Equals(b.Mask, entry.Mask)))
            {
                return false;
            }

            Volatile.Write(ref list, [.. list, entry]);
            return true;
        }
    }

    /// <summary>Removes an entry from list mode <paramref name="mode"/> (b, e or I); false when there was none with that mask.</summary>
    internal bool RemoveFromList(char mode, string mask)
    {
        lock (_gate)
        {
            ref var list = ref ListField(mode);
            var kept = list.Where(b => !BanMask.Comparer.Equals(b.Mask, mask)).ToArray();
            if (kept.Length == list.Length)
            {
                return false;
            }

            Volatile.Write(ref list, kept);
            return true;
        }
    }

    /// <summary>
    /// Runs <paramref name="record"/> with the room's name under the room's lock, so an append to
    /// history is never made under a name a rename has just given up (<see cref="Rename"/> moves
    /// history under the same lock). Held for the store's enqueue only: it never waits.
    /// </summary>
    internal void WithName<TState>(TState state, Action<TState, string> record)
    {
        lock (_gate)
        {
            record(state, _name);
        }
    }

    /// <summary><see cref="WithName{TState}(TState, Action{TState, string})"/>, giving back what <paramref name="record"/> returns.</summary>
    internal TResult WithName<TState, TResult>(TState state, Func<TState, string, TResult> record)
    {
        lock (_gate)
        {
            return record(state, _name);
        }
    }

    /// <summary>
    /// Renames the room under its lock: <paramref name="move"/> gets the old name and the new and
    /// moves what is keyed by the name (the hub's table, history); when it returns
    /// <see cref="ChatError.None"/> the room takes the new name. A closed room is not renamed
    /// (<see cref="ChatError.NoSuchRoom"/>). Under the lock, a join, a close and an append to
    /// history each see one name or the other, never a half-done rename.
    /// </summary>
    internal ChatError Rename(string newName, Func<string, string, ChatError> move, out string oldName)
    {
        lock (_gate)
        {
            oldName = _name;
            if (IsClosed)
            {
                return ChatError.NoSuchRoom;
            }

            var error = move(oldName, newName);
            if (error == ChatError.None)
            {
                Volatile.Write(ref _name, newName);
            }

            return error;
        }
    }

    /// <summary>Registers the room; false when it is closed or registered already.</summary>
    internal bool TryRegister(RoomRegistration registration)
    {
        lock (_gate)
        {
            if (IsClosed || _registration is not null)
            {
                return false;
            }

            Volatile.Write(ref _registration, registration);
            return true;
        }
    }

    /// <summary>
    /// Ends the room's registration; returns true when that closed it (it had no members, and is not
    /// permanent: the caller drops it from the rooms table, as <see cref="Remove"/>'s caller does).
    /// </summary>
    internal bool Unregister(out string name)
    {
        lock (_gate)
        {
            name = _name;
            return TakeRegistration(null);
        }
    }

    /// <summary>
    /// Takes the registration another node of a cluster gave the room, or its end (null), as the
    /// node where it changed has it (that node writes it to the store; this one does not). Returns
    /// true when the end closed the room, as <see cref="Unregister"/>. A permanent room takes none.
    /// </summary>
    internal bool TakeRegistration(RoomRegistration? registration)
    {
        lock (_gate)
        {
            if (IsClosed || (IsPermanent && registration is not null))
            {
                return false;
            }

            Volatile.Write(ref _registration, registration);
            if (registration is null && _members.Length == 0 && !IsPermanent)
            {
                IsClosed = true;
                return true;
            }

            return false;
        }
    }

    /// <summary>Changes the registration (its operator list) under the lock; false when the room is not registered or nothing changed.</summary>
    internal bool UpdateRegistration(Func<RoomRegistration, RoomRegistration> change)
    {
        lock (_gate)
        {
            if (_registration is not { } registration || change(registration) is not { } changed || changed.Equals(registration))
            {
                return false;
            }

            Volatile.Write(ref _registration, changed);
            return true;
        }
    }

    /// <summary>Gives a room made at startup the settings it was stored with (before any member can join).</summary>
    internal void Restore(StoredRoom stored)
    {
        lock (_gate)
        {
            Volatile.Write(ref _modes, stored.Modes);
            Volatile.Write(ref _bans, [.. stored.Bans]);
            Volatile.Write(ref _exceptions, [.. stored.Exceptions]);
            Volatile.Write(ref _inviteExceptions, [.. stored.InviteExceptions]);
            Volatile.Write(ref _registration, stored.Registration);
        }
    }

    /// <summary>The room's name, registration and settings, read together under the lock (so a rename under way is seen whole); null when not registered.</summary>
    internal StoredRoom? ToStored()
    {
        lock (_gate)
        {
            return _registration is { } registration
                ? new StoredRoom(_name, registration, _modes, [.. _bans], [.. _exceptions], [.. _inviteExceptions])
                : null;
        }
    }

    /// <summary>Marks a save as queued (<see cref="RoomRegistry"/>); false when one is queued already and not yet begun.</summary>
    internal bool TryMarkSavePending() => Interlocked.Exchange(ref _savePending, 1) == 0;

    /// <summary>The writer begins a save: a change from now on queues another.</summary>
    internal void ClearSavePending() => Volatile.Write(ref _savePending, 0);

    /// <summary>Adds a member; false when the room has closed meanwhile (the caller retries).</summary>
    /// <param name="member">Who joins.</param>
    /// <param name="operatorIfFirst">Makes the first member of an empty room its operator (never in a registered room).</param>
    /// <param name="founderLater">In a cluster: the first member is not made operator yet but kept (<see cref="TakeFounderToBe"/>) until the room's other nodes are known.</param>
    /// <param name="expectedName">The name the joiner looked the room up by: false when a rename took it meanwhile (the caller retries on that name).</param>
    /// <param name="opped">True when the member was made operator because the registration names its account (the caller tells the room).</param>
    internal bool TryAdd(Member member, bool operatorIfFirst, bool founderLater, string? expectedName, out bool opped)
    {
        opped = false;
        lock (_gate)
        {
            if (IsClosed || (expectedName is not null && !RoomName.Comparer.Equals(_name, expectedName)))
            {
                return false;
            }

            var members = _members;
            if (Array.IndexOf(members, member) >= 0)
            {
                return true;
            }

            if (_registration is { } registration)
            {
                if (registration.GivesOperator(member.Account))
                {
                    Volatile.Write(ref _operators, CopyWith(_operators, member, add: true));
                    opped = true;
                }
            }
            else if (members.Length == 0 && operatorIfFirst && founderLater)
            {
                _founderToBe = member;
            }
            else if (members.Length == 0 && operatorIfFirst)
            {
                Volatile.Write(ref _operators, CopyWith(_operators, member, add: true));
            }

            _invited.Remove(member);
            var grown = new Member[members.Length + 1];
            members.CopyTo(grown, 0);
            grown[^1] = member;
            Volatile.Write(ref _members, grown);
            return true;
        }
    }

    /// <inheritdoc cref="Remove(Member, out Member[])"/>
    internal bool Remove(Member member) => Remove(member, out _);

    /// <summary>
    /// Removes a member of this node; returns true when this closed the room. When it was the
    /// last one here, the other nodes' members are dropped too (<paramref name="forgotten"/>): a
    /// node keeps no roster of a room it has no member in, it would only go stale.
    /// </summary>
    internal bool Remove(Member member, out Member[] forgotten)
    {
        forgotten = [];
        lock (_gate)
        {
            var members = _members;
            var index = Array.IndexOf(members, member);
            if (index < 0)
            {
                return false;
            }

            var shrunk = new Member[members.Length - 1];
            Array.Copy(members, 0, shrunk, 0, index);
            Array.Copy(members, index + 1, shrunk, index, members.Length - index - 1);
            Volatile.Write(ref _members, shrunk);
            DropStatus(member);

            if (shrunk.Length == 0 && _remote.Length > 0)
            {
                forgotten = _remote;
                foreach (var remote in forgotten)
                {
                    DropStatus(remote);
                }

                Volatile.Write(ref _remote, []);
            }

            if (shrunk.Length == 0 && !IsPermanent && _registration is null)
            {
                IsClosed = true;
                return true;
            }

            return false;
        }
    }

    /// <summary>
    /// Adds another node's member (<see cref="Member.Node"/>), with the status it has there; false
    /// when it is here already, or the room has no member of this node (it wants no roster then)
    /// or has closed.
    /// </summary>
    internal bool AddRemote(Member member, bool isOperator, bool isVoiced)
    {
        lock (_gate)
        {
            if (IsClosed || _members.Length == 0 || Array.IndexOf(_remote, member) >= 0)
            {
                return false;
            }

            Volatile.Write(ref _remote, [.. _remote, member]);
            if (isOperator)
            {
                Volatile.Write(ref _operators, CopyWith(_operators, member, add: true));
            }

            if (isVoiced)
            {
                Volatile.Write(ref _voiced, CopyWith(_voiced, member, add: true));
            }

            return true;
        }
    }

    /// <summary>Takes another node's member out; false when it was not in.</summary>
    internal bool RemoveRemote(Member member)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_remote, member);
            if (index < 0)
            {
                return false;
            }

            Volatile.Write(ref _remote, [.. _remote.AsSpan(0, index), .. _remote.AsSpan(index + 1)]);
            DropStatus(member);
            return true;
        }
    }

    /// <summary>The other nodes' members now (an immutable snapshot).</summary>
    internal Member[] RemoteMembers => Volatile.Read(ref _remote);

    /// <summary>Takes a leaving member's +o and +v; under the lock.</summary>
    private void DropStatus(Member member)
    {
        if (_operators.Contains(member))
        {
            Volatile.Write(ref _operators, CopyWith(_operators, member, add: false));
        }

        if (_voiced.Contains(member))
        {
            Volatile.Write(ref _voiced, CopyWith(_voiced, member, add: false));
        }
    }

    /// <summary>True when an entry of <paramref name="masks"/> matches: only mutes, only others, or either (<paramref name="mutes"/> null).</summary>
    private static bool AnyMatches(RoomBan[] masks, Member member, bool? mutes)
    {
        if (masks.Length == 0)
        {
            return false;
        }

        var identity = member.BanIdentity;
        foreach (var entry in masks)
        {
            if ((mutes is null || entry.IsMute == mutes) && BanMask.Matches(entry.Pattern, identity))
            {
                return true;
            }
        }

        return false;
    }

    private ref RoomBan[] ListField(char mode)
    {
        if (mode == 'e')
        {
            return ref _exceptions;
        }

        if (mode == 'I')
        {
            return ref _inviteExceptions;
        }

        return ref _bans;
    }

    private static HashSet<Member> CopyWith(HashSet<Member> set, Member member, bool add)
    {
        var copy = new HashSet<Member>(set, ReferenceEqualityComparer.Instance);
        if (add)
        {
            copy.Add(member);
        }
        else
        {
            copy.Remove(member);
        }

        return copy;
    }
}

/// <summary>A room's topic and who set it when.</summary>
/// <param name="Text">The topic.</param>
/// <param name="SetBy">The name of who set it.</param>
/// <param name="SetAt">When.</param>
public sealed record RoomTopic(string Text, string SetBy, DateTimeOffset SetAt);
