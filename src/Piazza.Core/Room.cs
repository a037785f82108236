namespace Piazza.Core;

/// <summary>
/// A room: its members and topic. Fan-out reads an immutable snapshot of the members, so a
/// broadcast takes no lock and never waits for a join or part; joins and parts copy the array
/// under the room's own lock (they are rare next to messages).
/// </summary>
public sealed class Room
{
    private readonly Lock _gate = new();
    private Member[] _members = [];
    private RoomTopic? _topic;

    internal Room(string name, bool isDefault)
    {
        Name = name;
        IsDefault = isDefault;
    }

    /// <summary>The name as first written, without the IRC '#'.</summary>
    public string Name { get; }

    /// <summary>True for the default room, which outlives its members; other rooms close when the last one leaves.</summary>
    public bool IsDefault { get; }

    /// <summary>The members now: an immutable snapshot, safe to enumerate without a lock.</summary>
    public IReadOnlyList<Member> Members => Volatile.Read(ref _members);

    /// <summary>How many members the room has.</summary>
    public int Count => Volatile.Read(ref _members).Length;

    /// <summary>The topic, or null when none is set.</summary>
    public RoomTopic? Topic => Volatile.Read(ref _topic);

    /// <summary>True once the last member left a non-permanent room; it accepts no one after.</summary>
    internal bool IsClosed { get; private set; }

    /// <summary>
    /// Delivers <paramref name="chatEvent"/> to every member but <paramref name="except"/>.
    /// Lock-free and allocation-free: the hot path of the server.
    /// </summary>
    public void Broadcast(ChatEvent chatEvent, Member? except)
    {
        var members = Volatile.Read(ref _members);
        foreach (var member in members)
        {
            if (!ReferenceEquals(member, except))
            {
                member.Sink.Deliver(chatEvent);
            }
        }
    }

    internal void SetTopic(RoomTopic? topic) => Volatile.Write(ref _topic, topic);

    /// <summary>Adds a member; false when the room has closed meanwhile (the caller retries).</summary>
    internal bool TryAdd(Member member)
    {
        lock (_gate)
        {
            if (IsClosed)
            {
                return false;
            }

            var members = _members;
            if (Array.IndexOf(members, member) >= 0)
            {
                return true;
            }

            var grown = new Member[members.Length + 1];
            members.CopyTo(grown, 0);
            grown[^1] = member;
            Volatile.Write(ref _members, grown);
            return true;
        }
    }

    /// <summary>Removes a member; returns true when this closed the room.</summary>
    internal bool Remove(Member member)
    {
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
            if (shrunk.Length == 0 && !IsDefault)
            {
                IsClosed = true;
                return true;
            }

            return false;
        }
    }

    /// <summary>True when <paramref name="member"/> is in the room now.</summary>
    public bool Contains(Member member) => Array.IndexOf(Volatile.Read(ref _members), member) >= 0;

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>A room's topic and who set it when.</summary>
/// <param name="Text">The topic.</param>
/// <param name="SetBy">The name of who set it.</param>
/// <param name="SetAt">When.</param>
public sealed record RoomTopic(string Text, string SetBy, DateTimeOffset SetAt);
