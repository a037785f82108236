namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <inheritdoc cref="ChangeNick(Member, string, out string, out ChatEvent?)"/>
    public ChatError ChangeNick(Member member, string nick, out string oldName) => ChangeNick(member, nick, out oldName, out _);

    /// <summary>
    /// Gives the member the nickname <paramref name="nick"/>; everyone sharing a room with it
    /// sees the change once. A change of case only is allowed.
    /// </summary>
    public ChatError ChangeNick(Member member, string nick, out string oldName, out ChatEvent? changed)
    {
        oldName = member.Name;
        changed = null;
        if (NickName.Validate(nick, Options.MaxNickLength) is not null)
        {
            return ChatError.InvalidNick;
        }

        var holder = _nicks.GetOrAdd(nick, member);
        if (!ReferenceEquals(holder, member))
        {
            return ChatError.NickInUse;
        }

        var old = member.Nick;
        if (member.HasChosenNick && string.Equals(old, nick, StringComparison.Ordinal))
        {
            return ChatError.None;
        }

        changed = Rename(member, nick);
        return ChatError.None;
    }

    /// <summary>
    /// Gives the member a fresh guest nick (<c>Guest42</c>) in place of its own, which it may not
    /// keep (a registered nick whose owner it has not proved to be); everyone sharing a room with it
    /// sees the change once, as for <see cref="ChangeNick(Member, string, out string, out ChatEvent?)"/>.
    /// Call from the member's own session.
    /// </summary>
    public ChatEvent RenameToGuest(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        string nick;
        do
        {
            // Someone chose "Guest42" for themselves: try the next guest name.
            nick = GuestNick(Interlocked.Increment(ref _nextMemberId));
        }
        while (!ReferenceEquals(_nicks.GetOrAdd(nick, member), member));

        return Rename(member, nick);
    }

    /// <summary>Moves the member to <paramref name="nick"/>, which it holds in the registry already, and tells those who see it.</summary>
    private ChatEvent Rename(Member member, string nick)
    {
        var old = member.Nick;
        var changed = NewEvent(ChatEventKind.NickChange, member, null, nick);
        var rooms = member.Rooms;
        foreach (var room in rooms)
        {
            PublishRoster(ChatEventKind.NickChange, member, room, nick);
        }

        var hadChosen = member.HasChosenNick;
        member.Nick = nick;
        RememberNick(member, old);
        member.HasChosenNick = true;
        if (hadChosen && !NickName.Comparer.Equals(old, nick))
        {
            Cluster?.ReleaseNick(old, member.NickHolder);
        }

        DeliverTo(Audience(rooms, member), changed);

        // MONITOR: the old nick went offline and the new one came online; a change of case is neither.
        if (!NickName.Comparer.Equals(old, nick))
        {
            ReleaseNick(old, member);
            AnnounceOnline(nick, member);
        }

        return changed;
    }
}
