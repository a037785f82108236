using Piazza.Core.Cluster;

namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <summary>
    /// <see cref="Watch"/>, and in a cluster also across the nodes: a nick nobody here watched
    /// before is watched on its grain, whose answer (its holder on another node) is kept before
    /// this returns, so the watcher's status reply (<see cref="FindWatched"/>) is the cluster's.
    /// Call from the watcher's own session, while it is connected.
    /// </summary>
    /// <returns>How many of <paramref name="nicks"/> are on the list now (the rest did not fit).</returns>
    public async Task<int> WatchAsync(Member watcher, INickWatcher sink, IReadOnlyList<string> nicks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nicks);
        if (Cluster is not { } cluster)
        {
            return Watch(watcher, sink, nicks);
        }

        var firstHere = new List<string>();
        var asked = _watchers.Stamp;
        var taken = _watchers.Add(watcher, sink, nicks, Options.MaxMonitoredNicks, firstHere);
        if (firstHere.Count > 0)
        {
            var answers = await cluster.WatchNicksAsync(firstHere, cancellationToken);
            for (var i = 0; i < firstHere.Count && i < answers.Count; i++)
            {
                // The watcher answers its command from what is kept; the others here hear of a change.
                TakeWatchAnswer(firstHere[i], answers[i], asked, except: watcher);
            }
        }

        return taken;
    }

    /// <summary>Takes <paramref name="nicks"/> off <paramref name="watcher"/>'s MONITOR list; a cluster stops watching those nobody here watches any more.</summary>
    public void Unwatch(Member watcher, IEnumerable<string> nicks)
    {
        var lastHere = Cluster is null ? null : new List<string>();
        _watchers.Remove(watcher, nicks, lastHere);
        if (lastHere is { Count: > 0 })
        {
            Cluster?.UnwatchNicks(lastHere);
        }
    }

    /// <summary>Empties <paramref name="watcher"/>'s MONITOR list (MONITOR C, and when it leaves).</summary>
    public void UnwatchAll(Member watcher)
    {
        var lastHere = Cluster is null ? null : new List<string>();
        _watchers.Clear(watcher, lastHere);
        if (lastHere is { Count: > 0 })
        {
            Cluster?.UnwatchNicks(lastHere);
        }
    }

    /// <summary>
    /// Who holds watched <paramref name="nick"/> for MONITOR's replies: this node's member, or in a
    /// cluster the member of another node the cluster last named (a stand-in with its names).
    /// </summary>
    public Member? FindWatched(string nick) => FindNick(nick) ?? _watchers.HolderElsewhere(nick);

    /// <summary>
    /// The cluster says <paramref name="holder"/>, a member of another node, holds the nick it
    /// names now (it connected there, or took the nick): those watching the nick here are told,
    /// after an offline of its last holder elsewhere if that was another member.
    /// </summary>
    public void NickOnlineElsewhere(NodeMember holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        if (Volatile.Read(ref _remoteRoster) is not { } roster || roster.IsLost(holder.Node))
        {
            // A late word from a node already declared dead: its members hold nothing.
            return;
        }

        var standIn = roster.Described(holder);
        ChangeHolderElsewhere(holder.Nick, before => before is not null && IsSame(before, holder) && string.Equals(before.Nick, holder.Nick, StringComparison.Ordinal) ? before : standIn, unlessNewsSince: null, except: null);
    }

    /// <summary>The cluster says <paramref name="holder"/>, a member of another node, no longer holds the nick it names: those watching it here are told, if it was the holder kept.</summary>
    public void NickOfflineElsewhere(NodeMember holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ChangeHolderElsewhere(holder.Nick, before => before is not null && IsSame(before, holder) ? null : before, unlessNewsSince: null, except: null);
    }

    /// <summary>
    /// The cluster says <paramref name="holder"/>, the member of another node online with the nick
    /// it names, changed its away message, real name or account (<paramref name="kind"/>, to
    /// <paramref name="text"/>): those watching the nick here see it (extended-monitor; their
    /// sessions show it to those with the caps), but those sharing a room with it here, who hear it
    /// from its node (<see cref="ApplyMemberChangeFromNode"/>). Nothing happens unless it is the holder kept.
    /// </summary>
    public void WatchedChangeElsewhere(NodeMember holder, ChatEventKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(holder);
        if (Volatile.Read(ref _remoteRoster) is not { } roster || FindNick(holder.Nick) is not null)
        {
            return;
        }

        // The stand-in kept takes the member's new state (MONITOR S and WHOIS-like answers read it), silently.
        var standIn = roster.Described(holder);
        _watchers.ReplaceHolderElsewhere(holder.Nick, before => before is not null && IsSame(before, holder) ? standIn : before, unlessNewsSince: null, out _, out var after, out var watchers);
        if (!ReferenceEquals(after, standIn))
        {
            return;
        }

        // Those sharing a room with it here hear it from its node instead (ApplyMemberChangeFromNode).
        var changed = new ChatEvent(kind, standIn, null, text, _time.GetUtcNow());
        var inRooms = RoomAudienceOf(holder);
        foreach (var (watcher, sink) in watchers)
        {
            if (!inRooms.Contains(watcher))
            {
                sink.WatchedChange(changed);
            }
        }
    }

    /// <summary>
    /// What the cluster answered about <paramref name="nick"/> when this node watched it (again):
    /// kept unless it could not say, or news about the nick came after <paramref name="asked"/>
    /// (the answer is older). Those watching it here but <paramref name="except"/> hear of a change.
    /// </summary>
    public void TakeWatchAnswer(string nick, NodeNickHolder answer, long asked, Member? except)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!answer.Known || Volatile.Read(ref _remoteRoster) is not { } roster)
        {
            return;
        }

        // A holder on a node declared dead here holds nothing (the grain's view of the membership may lag this node's).
        var holder = answer.Holder is { } named && !roster.IsLost(named.Node) ? named : null;
        var standIn = holder is null ? null : roster.Described(holder);
        ChangeHolderElsewhere(nick, before => Same(before, holder) ? before : standIn, asked, except);
    }

    /// <summary>
    /// <paramref name="node"/> is gone: the watched nicks its members held are offline, and those
    /// watching them here are told (as a single server tells them of a quit).
    /// </summary>
    private void DropWatchedOn(string node)
    {
        foreach (var nick in _watchers.HeldElsewhereOn(node))
        {
            ChangeHolderElsewhere(nick, before => string.Equals(before?.Node, node, StringComparison.Ordinal) ? null : before, unlessNewsSince: null, except: null);
        }
    }

    /// <summary>
    /// Changes the holder elsewhere kept for <paramref name="nick"/> and tells its watchers here
    /// but <paramref name="except"/>: the old holder offline, then the new one online. Under the
    /// nick's lock, so it is told in order with this node's own members taking and freeing the nick;
    /// while a member of this node holds it (a clash), only this node's member is announced.
    /// </summary>
    private void ChangeHolderElsewhere(string nick, Func<Member?, Member?> next, long? unlessNewsSince, Member? except)
    {
        lock (_nickLocks.For(nick))
        {
            if (!_watchers.ReplaceHolderElsewhere(nick, next, unlessNewsSince, out var before, out var after, out var watchers) || FindNick(nick) is not null)
            {
                return;
            }

            foreach (var (watcher, sink) in watchers)
            {
                if (ReferenceEquals(watcher, except))
                {
                    continue;
                }

                if (before is not null && (after is null || !IsSame(before, after)))
                {
                    sink.NickOffline(before.Nick);
                }

                if (after is not null && (before is null || !IsSame(before, after)))
                {
                    sink.NickOnline(after.Nick, after);
                }
            }
        }
    }

    /// <summary>Whether stand-in <paramref name="kept"/> is <paramref name="holder"/> (or both are none).</summary>
    private static bool Same(Member? kept, NodeMember? holder) => kept is null ? holder is null : holder is not null && IsSame(kept, holder);

    private static bool IsSame(Member kept, NodeMember holder) =>
        kept.NodeMemberId == holder.Id && string.Equals(kept.Node, holder.Node, StringComparison.Ordinal);

    private static bool IsSame(Member kept, Member other) =>
        kept.NodeMemberId == other.NodeMemberId && string.Equals(kept.Node, other.Node, StringComparison.Ordinal);

    /// <summary>This node's member changed its away message, real name or account: the nodes watching its nick show it to their watchers (extended-monitor).</summary>
    private void AnnounceChangeToNodes(ChatEvent changed)
    {
        var member = changed.Source;
        if (Cluster is { } cluster && member.Node is null && member.HasChosenNick && !member.HasLeft)
        {
            cluster.NickChanged(member.Nick, member.NickHolder, NodeMember.Of(member, room: null), changed.Kind, changed.Text);
        }
    }

    /// <summary>This node's member holds <paramref name="nick"/> now: the nodes watching it hear so. Not for a stand-in of another node's member, nor a guest nick (guests are not claimed across the cluster).</summary>
    private void AnnounceOnlineToNodes(string nick, Member member)
    {
        if (Cluster is { } cluster && member.Node is null && member.HasChosenNick)
        {
            cluster.NickOnline(nick, member.NickHolder, NodeMember.Of(member, room: null));
        }
    }
}
