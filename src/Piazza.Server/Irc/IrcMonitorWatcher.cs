using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// One IRC client as a watcher of nicks (https://ircv3.net/specs/extensions/monitor): what the hub
/// calls when a nick on its MONITOR list comes or goes, written as the client reads it.
/// <code>
///   :server 730 &lt;me&gt; :nick!user@host     came online (connected, or took the nick)
///   :server 731 &lt;me&gt; :nick               went offline (quit, or took another nick)
/// </code>
/// With extended-monitor (https://ircv3.net/specs/extensions/extended-monitor), a watched nick's
/// AWAY and SETNAME reach the client as if it shared a room with it (when it has away-notify,
/// setname): the session's own filtering decides.
/// </summary>
/// <remarks>
/// Threads: the notifications come from other members' threads. While the client's own MONITOR
/// command answers (on its read loop, between <see cref="HoldNotices"/> and
/// <see cref="ReleaseNotices"/>), notifications are held and queued after the command's replies:
/// otherwise a quit seen after the command looked the nick up could be queued before the
/// command's "online" reply (or its labelled batch), and the client would end up believing a
/// gone nick online. The lock guards only the held list and the switch; queuing under it takes
/// only the send queue's lock.
/// </remarks>
internal sealed class IrcMonitorWatcher : INickWatcher
{
    private readonly string _serverName;
    private readonly IrcCapabilitySet _caps;
    private readonly Action<byte[]> _send;
    private readonly Action<ChatEvent> _deliver;
    private readonly Func<string> _nick;
    private readonly Lock _lock = new();
    private List<byte[]>? _held;

    /// <summary>Notifications from <paramref name="serverName"/> to the client known as <paramref name="nick"/>, queued by <paramref name="send"/>; watched changes go to <paramref name="deliver"/>.</summary>
    public IrcMonitorWatcher(string serverName, IrcCapabilitySet caps, Action<byte[]> send, Action<ChatEvent> deliver, Func<string> nick)
    {
        _serverName = serverName;
        _caps = caps;
        _send = send;
        _deliver = deliver;
        _nick = nick;
    }

    /// <summary>Holds notifications until <see cref="ReleaseNotices"/>: the client's MONITOR command is answering. Read loop only.</summary>
    public void HoldNotices()
    {
        lock (_lock)
        {
            _held ??= [];
        }
    }

    /// <summary>Queues what was held, after the command's replies, and stops holding. Read loop only.</summary>
    public void ReleaseNotices()
    {
        // Only the read loop sets the list, so seeing none here means nothing is held.
        if (Volatile.Read(ref _held) is null)
        {
            return;
        }

        lock (_lock)
        {
            if (_held is not { } held)
            {
                return;
            }

            _held = null;
            foreach (var line in held)
            {
                _send(line);
            }
        }
    }

    /// <summary>The <c>nick!user@host</c> RPL_MONONLINE names <paramref name="member"/> by, holding <paramref name="nick"/>.</summary>
    public static string Mask(string nick, Member member) => new IrcSource(nick, member.User, member.Host).ToString();

    public void NickOnline(string nick, Member member) =>
        Notify(IrcWriter.Format(null, _serverName, IrcNumerics.RplMonOnline, [_nick(), Mask(nick, member)], trailing: true));

    public void NickOffline(string nick) =>
        Notify(IrcWriter.Format(null, _serverName, IrcNumerics.RplMonOffline, [_nick(), nick], trailing: true));

    /// <summary>
    /// A watched member's AWAY or SETNAME, for a client with extended-monitor; the session then
    /// shows it only with away-notify or setname, as it would a room member's.
    /// </summary>
    public void WatchedChange(ChatEvent chatEvent)
    {
        if (_caps.Has(IrcCaps.ExtendedMonitor))
        {
            _deliver(chatEvent);
        }
    }

    private void Notify(byte[] line)
    {
        lock (_lock)
        {
            if (_held is { } held)
            {
                held.Add(line);
                return;
            }

            _send(line);
        }
    }
}
