namespace Piazza.Client.Model;

/// <summary>Where the connection stands, for the status line.</summary>
internal enum ConnectionState
{
    Connecting,
    Connected,
    Disconnected,
}

/// <summary>
/// Everything the client shows: its conversations in window order (the server first), which one
/// is shown, our nick and the connection's state. Touched by the UI thread only.
/// </summary>
internal sealed class ChatState
{
    /// <summary>Lines kept per conversation; older ones scroll away for good.</summary>
    public const int MaxLinesPerConversation = 5000;

    private readonly List<Conversation> _conversations = [];

    public ChatState(string serverName, string nick)
    {
        Nick = nick;
        var server = new Conversation(serverName, ConversationKind.Server, MaxLinesPerConversation) { IsJoined = true };
        _conversations.Add(server);
        Current = server;
    }

    public IReadOnlyList<Conversation> Conversations => _conversations;

    /// <summary>The server's window: always the first.</summary>
    public Conversation Server => _conversations[0];

    /// <summary>The conversation on screen (and where typed text goes).</summary>
    public Conversation Current { get; private set; }

    public string Nick { get; set; }

    public ConnectionState Connection { get; set; } = ConnectionState.Connecting;

    /// <summary>The server (host:port) of the current connection or attempt; null before the first.</summary>
    public string? Address { get; set; }

    /// <summary>True when the client was given several servers (a cluster's nodes): the status line names the one in use.</summary>
    public bool SeveralServers { get; init; }

    /// <summary>Seconds until the next reconnect attempt, while waiting for one.</summary>
    public int? ReconnectIn { get; set; }

    public Conversation? Find(string name) =>
        _conversations.Find(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The conversation of that name, opened (at the end of the window list) if new.</summary>
    public Conversation Open(string name, ConversationKind kind)
    {
        var conversation = Find(name);
        if (conversation is null)
        {
            conversation = new Conversation(name, kind, MaxLinesPerConversation) { IsJoined = kind == ConversationKind.Query };
            _conversations.Add(conversation);
        }

        return conversation;
    }

    /// <summary>Closes a conversation (not the server's); shows the one before it if it was shown.</summary>
    public void Close(Conversation conversation)
    {
        var index = _conversations.IndexOf(conversation);
        if (index <= 0)
        {
            return;
        }

        _conversations.RemoveAt(index);
        if (ReferenceEquals(Current, conversation))
        {
            Current = _conversations[index - 1];
            Current.MarkShown();
        }
    }

    /// <summary>Shows <paramref name="conversation"/>.</summary>
    public void Show(Conversation conversation)
    {
        if (ReferenceEquals(Current, conversation))
        {
            return;
        }

        Current.MarkHidden();
        Current = conversation;
        conversation.MarkShown();
    }

    /// <summary>Shows the conversation at <paramref name="index"/> (0 = server); false when there is none.</summary>
    public bool Show(int index)
    {
        if (index < 0 || index >= _conversations.Count)
        {
            return false;
        }

        Show(_conversations[index]);
        return true;
    }

    /// <summary>Shows the next (+1) or previous (-1) conversation, wrapping around.</summary>
    public void Cycle(int step)
    {
        var index = _conversations.IndexOf(Current);
        var count = _conversations.Count;
        Show(_conversations[(((index + step) % count) + count) % count]);
    }

    /// <summary>Adds a line to <paramref name="conversation"/>, counting it unread unless it is shown; false for a duplicate.</summary>
    public bool Add(Conversation conversation, ChatLine line) => conversation.Add(line, ReferenceEquals(conversation, Current));
}
