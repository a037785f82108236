using System.Text;

namespace Piazza.Client.Irc;

/// <summary>What a report of the server about a nick means to the conversation with it.</summary>
internal enum PresenceChange
{
    /// <summary>Not a nick the client put on the list (a MONITOR the user sent with /quote, or one just taken off).</summary>
    NotWatched,

    /// <summary>Nothing new: what was known already, or online when first heard of.</summary>
    None,

    /// <summary>The first report, and the nick is not online.</summary>
    Offline,

    /// <summary>It was offline and is online now.</summary>
    CameOnline,

    /// <summary>It was online and is offline now.</summary>
    WentOffline,
}

/// <summary>
/// The nicks the client keeps on the server's MONITOR list (https://ircv3.net/specs/extensions/monitor)
/// and what it last heard of each. The client keeps the list equal to its open private conversations,
/// so that each can say when the other side goes offline or comes back. The server forgets the list
/// with the connection, and so does this (<see cref="Clear"/>). UI thread only.
/// </summary>
internal sealed class MonitorList
{
    /// <summary>Bytes of nicks per MONITOR line: "MONITOR + " and CR LF fit many times in the 512 bytes left.</summary>
    private const int MaxTargetBytes = 400;

    /// <summary>Each watched nick and whether it is online (null until the server says).</summary>
    private readonly Dictionary<string, bool?> _watched = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _watched.Count;

    public bool IsWatched(string nick) => _watched.ContainsKey(nick);

    /// <summary>What the server last said of <paramref name="nick"/>: null when it has not yet (or the nick is not watched).</summary>
    public bool? IsOnline(string nick) => _watched.GetValueOrDefault(nick);

    /// <summary>The connection ended: the server's list is gone.</summary>
    public void Clear() => _watched.Clear();

    /// <summary>
    /// Makes the list <paramref name="wanted"/>, its first <paramref name="limit"/> nicks (the
    /// server's MONITOR limit): returns the MONITOR commands that do it, as (<c>'+'</c> or
    /// <c>'-'</c>, comma-separated nicks), removals first so that the list never passes the limit.
    /// </summary>
    public IReadOnlyList<(char Sign, string Targets)> Follow(IEnumerable<string> wanted, int limit)
    {
        var keep = new List<string>();
        var keepSet = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var nick in wanted)
        {
            if (keep.Count < limit && keepSet.Add(nick))
            {
                keep.Add(nick);
            }
        }

        var removed = _watched.Keys.Where(n => !keepSet.Contains(n)).ToList();
        foreach (var nick in removed)
        {
            _watched.Remove(nick);
        }

        var added = keep.Where(n => _watched.TryAdd(n, null)).ToList();
        return [.. Lines('-', removed), .. Lines('+', added)];
    }

    /// <summary>The server says <paramref name="nick"/> is online or not (730, 731): what changed.</summary>
    public PresenceChange Report(string nick, bool online)
    {
        if (!_watched.TryGetValue(nick, out var known))
        {
            return PresenceChange.NotWatched;
        }

        _watched[nick] = online;
        return (known, online) switch
        {
            (null, false) => PresenceChange.Offline,
            (false, true) => PresenceChange.CameOnline,
            (true, false) => PresenceChange.WentOffline,
            _ => PresenceChange.None,
        };
    }

    /// <summary>
    /// The client saw <paramref name="nick"/> quit in a room it shares (and said so): the server's
    /// 731 that follows is then no news.
    /// </summary>
    public void SawQuit(string nick)
    {
        if (_watched.ContainsKey(nick))
        {
            _watched[nick] = false;
        }
    }

    /// <summary>Comma-separated nicks, as few lines as fit.</summary>
    private static IEnumerable<(char Sign, string Targets)> Lines(char sign, List<string> nicks)
    {
        var line = new StringBuilder();
        foreach (var nick in nicks)
        {
            if (line.Length > 0 && Encoding.UTF8.GetByteCount(line.ToString()) + 1 + Encoding.UTF8.GetByteCount(nick) > MaxTargetBytes)
            {
                yield return (sign, line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? "," : string.Empty).Append(nick);
        }

        if (line.Length > 0)
        {
            yield return (sign, line.ToString());
        }
    }
}
