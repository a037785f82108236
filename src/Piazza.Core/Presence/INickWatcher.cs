namespace Piazza.Core;

/// <summary>
/// A session that watches nicks (IRC's MONITOR, https://ircv3.net/specs/extensions/monitor): the
/// hub tells it when a nick on its list comes online or goes offline, and what a watched member
/// changes about itself (extended-monitor).
/// </summary>
/// <remarks>
/// Called from the thread of the member whose state changed (its connect, nick change, away, quit),
/// never under a lock of the hub: like <see cref="IMemberSink.Deliver"/>, it must not block or throw.
/// </remarks>
public interface INickWatcher
{
    /// <summary><paramref name="member"/> now holds <paramref name="nick"/>, a nick on the watcher's list (it connected or took the nick).</summary>
    void NickOnline(string nick, Member member);

    /// <summary>Nobody holds <paramref name="nick"/> any more (its holder quit or took another nick); it is spelled as its holder had it.</summary>
    void NickOffline(string nick);

    /// <summary>
    /// A watched member changed something others see (away, real name) and the watcher shares no
    /// room with it, so it did not get <paramref name="chatEvent"/> as a room member.
    /// </summary>
    void WatchedChange(ChatEvent chatEvent);
}
