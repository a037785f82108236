using Piazza.Core.ReadMarkers;

namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <summary>The accounts' read markers (IRCv3 draft/read-marker); the protocols say what they mean to their clients.</summary>
    public IReadMarkerStore ReadMarkers { get; }

    /// <summary>
    /// The other members logged in to <paramref name="account"/>: the connections a read marker
    /// moved by <paramref name="except"/> is shown to. A scan of every member, no index: it runs
    /// when a marker moves (a client that read something), not per message.
    /// </summary>
    public IEnumerable<Member> OtherSessionsOf(string account, Member except)
    {
        foreach (var member in _members.Values)
        {
            if (!ReferenceEquals(member, except) && member.Account is { } logged && NickName.Comparer.Equals(logged, account))
            {
                yield return member;
            }
        }
    }
}
