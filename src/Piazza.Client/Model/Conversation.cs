namespace Piazza.Client.Model;

/// <summary>What a conversation is with.</summary>
internal enum ConversationKind
{
    /// <summary>The server itself: numerics, notices, connection state.</summary>
    Server,

    /// <summary>A room (an IRC channel).</summary>
    Channel,

    /// <summary>A private conversation with one nick.</summary>
    Query,
}

/// <summary>
/// One window of the client: a room, a private conversation or the server. Holds its lines
/// (bounded), members, topic and unread state. Touched by one thread only (the UI's).
/// </summary>
internal sealed class Conversation
{
    private readonly List<ChatLine> _lines = [];
    private readonly Dictionary<string, char?> _members = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _messageIds = new(StringComparer.Ordinal);
    private readonly int _maxLines;

    public Conversation(string name, ConversationKind kind, int maxLines)
    {
        Name = name;
        Kind = kind;
        _maxLines = maxLines;
    }

    /// <summary>The channel name, the other person's nick, or the server's name.</summary>
    public string Name { get; private set; }

    public ConversationKind Kind { get; }

    public IReadOnlyList<ChatLine> Lines => _lines;

    /// <summary>Nicks in the room, with their highest prefix ('@', '+') or null.</summary>
    public IReadOnlyDictionary<string, char?> Members => _members;

    public string? Topic { get; set; }

    /// <summary>True while we are in the room (always true for the server and queries).</summary>
    public bool IsJoined { get; set; }

    /// <summary>Messages that arrived while another conversation was shown.</summary>
    public int Unread { get; private set; }

    /// <summary>True when an unread message names us.</summary>
    public bool HasUnreadMention { get; private set; }

    /// <summary>Index of the first line not yet seen, or null: where the "unread" marker is drawn.</summary>
    public int? UnreadMarker { get; private set; }

    /// <summary>Where history fetched for the latest join goes: just before that join's line.</summary>
    public int HistoryInsertAt { get; set; }

    /// <summary>The id of the newest message seen live, for fetching what was missed after a reconnect.</summary>
    public string? LastMessageId { get; private set; }

    /// <summary>
    /// Adds a line at the end; <paramref name="isShown"/> says whether the user is looking at this
    /// conversation. False when a line with the same msgid is here already.
    /// </summary>
    public bool Add(ChatLine line, bool isShown)
    {
        if (line.MessageId is not null && !_messageIds.Add(line.MessageId))
        {
            return false;
        }

        if (!isShown && line.IsChat && !line.IsOwn)
        {
            UnreadMarker ??= _lines.Count;
            Unread++;
            HasUnreadMention |= line.MentionsMe;
        }

        if (line.MessageId is not null && !line.IsHistory)
        {
            LastMessageId = line.MessageId;
        }

        _lines.Add(line);
        Trim();
        return true;
    }

    /// <summary>Inserts history before the latest join, skipping lines already here (matched by msgid); returns those inserted.</summary>
    public IReadOnlyList<ChatLine> InsertHistory(IEnumerable<ChatLine> lines)
    {
        var fresh = lines.Where(l => l.MessageId is null || _messageIds.Add(l.MessageId)).ToList();
        var at = Math.Clamp(HistoryInsertAt, 0, _lines.Count);
        _lines.InsertRange(at, fresh);
        if (UnreadMarker is { } marker && marker >= at)
        {
            UnreadMarker = marker + fresh.Count;
        }

        HistoryInsertAt = at + fresh.Count;
        Trim();
        return fresh;
    }

    /// <summary>The user looks at this conversation now: nothing is unread, the marker stays where it was.</summary>
    public void MarkShown()
    {
        Unread = 0;
        HasUnreadMention = false;
    }

    /// <summary>The user looks elsewhere now: the marker of what they saw is dropped.</summary>
    public void MarkHidden() => UnreadMarker = null;

    public void SetMembers(IEnumerable<(string Nick, char? Prefix)> members)
    {
        _members.Clear();
        foreach (var (nick, prefix) in members)
        {
            _members[nick] = prefix;
        }
    }

    public void AddMember(string nick) => _members.TryAdd(nick, null);

    public bool RemoveMember(string nick) => _members.Remove(nick);

    public bool HasMember(string nick) => _members.ContainsKey(nick);

    public void RenameMember(string oldNick, string newNick)
    {
        if (_members.Remove(oldNick, out var prefix))
        {
            _members[newNick] = prefix;
        }
    }

    /// <summary>A query follows its person's nick change.</summary>
    public void Rename(string name) => Name = name;

    private void Trim()
    {
        var excess = _lines.Count - _maxLines;
        if (excess <= 0)
        {
            return;
        }

        _lines.RemoveRange(0, excess);
        HistoryInsertAt = Math.Max(0, HistoryInsertAt - excess);
        if (UnreadMarker is { } marker)
        {
            UnreadMarker = marker - excess > 0 ? marker - excess : 0;
        }
    }
}
