namespace Piazza.Core;

public sealed partial class ChatHub
{
    private readonly NickWatchers _watchers = new();

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

    /// <summary>Tells those watching <paramref name="nick"/> that <paramref name="member"/> holds it now.</summary>
    private void AnnounceOnline(string nick, Member member)
    {
        foreach (var (watcher, sink) in _watchers.WatchersOf(nick))
        {
            if (!ReferenceEquals(watcher, member))
            {
                sink.NickOnline(nick, member);
            }
        }
    }

    /// <summary>Tells those watching <paramref name="nick"/> that <paramref name="member"/> no longer holds it.</summary>
    private void AnnounceOffline(string nick, Member member)
    {
        foreach (var (watcher, sink) in _watchers.WatchersOf(nick))
        {
            if (!ReferenceEquals(watcher, member))
            {
                sink.NickOffline(nick);
            }
        }
    }

    /// <summary>Shows <paramref name="changed"/> to those watching its source who were not in <paramref name="audience"/> (extended-monitor).</summary>
    private void ShowWatchers(ChatEvent changed, HashSet<Member> audience)
    {
        foreach (var (watcher, sink) in _watchers.WatchersOf(changed.SourceNick))
        {
            if (!ReferenceEquals(watcher, changed.Source) && !audience.Contains(watcher))
            {
                sink.WatchedChange(changed);
            }
        }
    }
}
