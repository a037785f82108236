using Piazza.Client.Irc;
using Piazza.Client.Model;

namespace Piazza.Client;

/// <summary>
/// Private conversations follow their person's presence: the server's MONITOR list
/// (https://ircv3.net/specs/extensions/monitor) is kept equal to the open private conversations,
/// and each says when the other side goes offline or comes back. Nothing is sent to a server
/// that does not advertise MONITOR in ISUPPORT.
/// </summary>
internal sealed partial class ChatController
{
    /// <summary>What makes a query's name no nick: a list, a mask, or text.</summary>
    private static readonly System.Buffers.SearchValues<char> NotInNicks = System.Buffers.SearchValues.Create(",!@*? :");

    private readonly MonitorList _monitor = new();

    /// <summary>The nicks of private conversations on the server's MONITOR list, and what the server said of them.</summary>
    internal MonitorList Monitor => _monitor;

    /// <summary>
    /// Puts newly opened private conversations on the MONITOR list and takes closed (or renamed)
    /// ones off. Runs after every event and every typed line: a query can open in many ways
    /// (/query, /msg, a message received, a nick change), and comparing a few windows is cheap.
    /// </summary>
    private void WatchQueries()
    {
        if (Session is not { IsRegistered: true } session || State.Connection != ConnectionState.Connected || session.Features.MonitorLimit <= 0)
        {
            return;
        }

        var nicks = State.Conversations
            .Where(c => c.Kind == ConversationKind.Query && IsWatchable(c.Name, session.Features))
            .Select(c => c.Name);
        foreach (var (sign, targets) in _monitor.Follow(nicks, session.Features.MonitorLimit))
        {
            session.Send("MONITOR", sign.ToString(), targets);
        }
    }

    private void OnPresence(PresenceEvent p)
    {
        foreach (var nick in p.Nicks)
        {
            var change = _monitor.Report(nick, p.IsOnline);
            var text = change switch
            {
                PresenceChange.Offline => $"{nick} is offline",
                PresenceChange.CameOnline => $"{nick} is online",
                PresenceChange.WentOffline => $"{nick} went offline",
                PresenceChange.NotWatched => p.IsOnline ? $"{nick} is online" : $"{nick} is offline",
                _ => null,
            };
            if (text is null)
            {
                continue;
            }

            // A report on a nick we no longer watch (or never did: a MONITOR sent with /quote) goes to the server window.
            var where = change != PresenceChange.NotWatched && State.Find(nick) is { Kind: ConversationKind.Query } query ? query : State.Server;
            Add(where, Event(Time.GetUtcNow(), text) with { IsRoutine = where == State.Server });
        }
    }

    /// <summary>A query's name the server would take as a MONITOR target: a nick, not a mask or a list.</summary>
    private static bool IsWatchable(string name, ServerFeatures features) =>
        name.Length > 0 && name.Length <= features.NickLength && name.AsSpan().IndexOfAny(NotInNicks) < 0;
}
