namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <summary>
    /// Gives the member the nickname <paramref name="nick"/>; everyone sharing a room with it
    /// sees the change once. A change of case only is allowed.
    /// </summary>
    public ChatError ChangeNick(Member member, string nick, out string oldName)
    {
        oldName = member.Name;
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
        if (old is not null && !NickName.Comparer.Equals(old, nick))
        {
            _nicks.TryRemove(new KeyValuePair<string, Member>(old, member));
        }

        if (string.Equals(old, nick, StringComparison.Ordinal))
        {
            return ChatError.None;
        }

        var change = NewEvent(ChatEventKind.NickChange, member, null, nick);
        member.Nick = nick;
        foreach (var other in Audience(member.Rooms, member))
        {
            other.Sink.Deliver(change);
        }

        return ChatError.None;
    }
}
