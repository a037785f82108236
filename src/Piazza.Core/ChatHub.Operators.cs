namespace Piazza.Core;

/// <summary>Server operators: who they are (set by the session after a password check), KILL and WALLOPS.</summary>
public sealed partial class ChatHub
{
    /// <summary>How many server operators are connected now.</summary>
    public int ServerOperatorCount => Volatile.Read(ref _serverOperatorCount);

    /// <summary>
    /// Makes <paramref name="member"/> a server operator, logged in as <paramref name="account"/>.
    /// The caller has checked the password; the core only records the result. False when the
    /// member has left meanwhile (the check is slow).
    /// </summary>
    public bool MakeServerOperator(Member member, string account)
    {
        lock (member.Gate)
        {
            if (member.HasLeft || !_members.ContainsKey(member.Id))
            {
                return false;
            }

            if (!member.IsServerOperator)
            {
                Interlocked.Increment(ref _serverOperatorCount);
            }

            member.ServerOperatorName = account;
            return true;
        }
    }

    /// <summary>Drops <paramref name="member"/>'s server operator status (IRC <c>MODE nick -o</c>).</summary>
    public void DropServerOperator(Member member)
    {
        lock (member.Gate)
        {
            if (!member.HasLeft && _members.ContainsKey(member.Id) && member.IsServerOperator)
            {
                member.ServerOperatorName = null;
                Interlocked.Decrement(ref _serverOperatorCount);
            }
        }
    }

    /// <summary>Sets whether <paramref name="member"/> receives WALLOPS (IRC user mode +w).</summary>
    public void SetWantsWallops(Member member, bool wants)
    {
        if (_members.ContainsKey(member.Id))
        {
            member.WantsWallops = wants;
        }
    }

    /// <summary>Sets whether <paramref name="member"/> is invisible (IRC user mode +i, <see cref="Member.Invisible"/>).</summary>
    public void SetInvisible(Member member, bool invisible)
    {
        lock (member.Gate)
        {
            if (!member.HasLeft && _members.ContainsKey(member.Id) && member.Invisible != invisible)
            {
                member.Invisible = invisible;
                Interlocked.Add(ref _invisibleCount, invisible ? 1 : -1);
            }
        }
    }

    /// <summary>How many connected members are invisible now (LUSERS counts them apart).</summary>
    public int InvisibleCount => Volatile.Read(ref _invisibleCount);

    /// <summary>Takes a member that is leaving out of the counts it is in (under its Gate, as it is marked as left).</summary>
    private void LeaveCounts(Member member)
    {
        Interlocked.Decrement(ref _memberCount);
        if (member.Invisible)
        {
            Interlocked.Decrement(ref _invisibleCount);
        }

        if (member.IsServerOperator)
        {
            Interlocked.Decrement(ref _serverOperatorCount);
        }
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are in at least one room together.</summary>
    public static bool ShareRoom(Member a, Member b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var theirs = b.Rooms;
        return a.Rooms.Any(r => Array.IndexOf(theirs, r) >= 0);
    }

    /// <summary>The quit reason of a member killed by <paramref name="killer"/>: <c>Killed (root (spam))</c>, as IRC servers word it.</summary>
    public static string KillReason(string killer, string reason) => $"Killed ({killer} ({reason}))";

    /// <summary>
    /// Disconnects <paramref name="targetNick"/>, as a server operator: its session tells it
    /// <see cref="KillReason"/> in its protocol and closes, and those who share a room with it
    /// see it quit with that reason.
    /// </summary>
    public ChatError Kill(Member member, string targetNick, string reason, out Member? victim)
    {
        victim = null;
        if (!member.IsServerOperator)
        {
            return ChatError.NotServerOperator;
        }

        victim = FindNick(targetNick);
        if (victim is null || ReferenceEquals(victim, ChanServ))
        {
            // The room service is no connection to close.
            victim = null;
            return ChatError.NoSuchNick;
        }

        victim.Sink.Close(Cut(KillReason(member.Nick, reason.Length == 0 ? member.Nick : reason)));
        return ChatError.None;
    }

    /// <summary>
    /// Sends <paramref name="text"/>, as a server operator, to every server operator (the sender
    /// included) and every member who asked for WALLOPS.
    /// </summary>
    public ChatError Wallops(Member member, string text, out ChatEvent? sent)
    {
        sent = null;
        if (!member.IsServerOperator)
        {
            return ChatError.NotServerOperator;
        }

        if (text.Length == 0)
        {
            return ChatError.EmptyText;
        }

        sent = NewEvent(ChatEventKind.Wallops, member, null, Cut(text));
        using var wakes = WakeMode.For(MemberCount);
        foreach (var other in _members.Values)
        {
            if (other.IsServerOperator || other.WantsWallops)
            {
                other.Sink.Deliver(sent);
            }
        }

        return ChatError.None;
    }
}
