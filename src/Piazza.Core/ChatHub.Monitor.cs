namespace Piazza.Core;

public sealed partial class ChatHub
{
    private readonly NickWatchers _watchers = new();
    private readonly NickTransitionLocks _nickLocks = new();

    /// <summary>Who watches which nick (IRC's MONITOR lists).</summary>
    public NickWatchers Watchers => _watchers;

    /// <summary>
    /// Puts <paramref name="nicks"/> (valid nicks) on <paramref name="watcher"/>'s list, in order,
    /// up to <see cref="ChatOptions.MaxMonitoredNicks"/>; <paramref name="sink"/> is told of their
    /// comings and goings from then on. Call from the watcher's own session, while it is connected.
    /// </summary>
    /// <returns>How many of <paramref name="nicks"/> are on the list now (the rest did not fit).</returns>
    public int Watch(Member watcher, INickWatcher sink, IReadOnlyList<string> nicks) =>
        _watchers.Add(watcher, sink, nicks, Options.MaxMonitoredNicks);

    /// <summary>
    /// Tells those watching <paramref name="nick"/> that <paramref name="member"/> holds it now (the
    /// registry says so already). Waits for an offline announcement of the nick's last holder still
    /// going out, so watchers hear the two in the order they happened. In a cluster, the nodes
    /// watching the nick hear it too (<see cref="AnnounceOnlineToNodes"/>).
    /// </summary>
    private void AnnounceOnline(string nick, Member member)
    {
        lock (_nickLocks.For(nick))
        {
            foreach (var (watcher, sink) in _watchers.WatchersOf(nick))
            {
                if (!ReferenceEquals(watcher, member))
                {
                    sink.NickOnline(nick, member);
                }
            }
        }

        AnnounceOnlineToNodes(nick, member);
    }

    /// <summary>
    /// Frees <paramref name="nick"/> from <paramref name="member"/> in the registry and tells those
    /// watching it, as one step under the nick's lock: whoever takes the nick next can only announce
    /// it online after this (the registry changes before the index is read, so a watcher added
    /// meanwhile sees one or the other, docs/ARCHITECTURE.md "MONITOR").
    /// </summary>
    private void ReleaseNick(string nick, Member member)
    {
        lock (_nickLocks.For(nick))
        {
            _nicks.TryRemove(new KeyValuePair<string, Member>(nick, member));
            foreach (var (watcher, sink) in _watchers.WatchersOf(nick))
            {
                if (!ReferenceEquals(watcher, member))
                {
                    sink.NickOffline(nick);
                }
            }
        }
    }

    /// <summary>
    /// Shows <paramref name="changed"/> to those watching its source who were not in
    /// <paramref name="audience"/> (extended-monitor); in a cluster, the nodes watching the nick
    /// show it to theirs (<see cref="AnnounceChangeToNodes"/>).
    /// </summary>
    private void ShowWatchers(ChatEvent changed, HashSet<Member> audience)
    {
        foreach (var (watcher, sink) in _watchers.WatchersOf(changed.SourceNick))
        {
            if (!ReferenceEquals(watcher, changed.Source) && !audience.Contains(watcher))
            {
                sink.WatchedChange(changed);
            }
        }

        AnnounceChangeToNodes(changed);
    }
}
