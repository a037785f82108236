using Piazza.Client.Input;
using Piazza.Client.Irc;
using Piazza.Client.Model;

namespace Piazza.Client;

/// <summary>
/// The client's logic between the network and a user interface (full-screen or line mode):
/// applies what the session reports to the <see cref="ChatState"/>, and turns what the user
/// types into commands. Every method runs on the UI's thread: network events reach it through
/// the <c>post</c> function the interface gives, which runs an action on that thread.
/// </summary>
internal sealed partial class ChatController
{
    /// <summary>How many earlier messages to ask for when joining a room that keeps history.</summary>
    public const int HistoryOnJoin = 50;

    /// <summary>How long what follows a /join or /part is held when the server does not answer it (some servers say nothing to a JOIN of a room we are in).</summary>
    public static readonly TimeSpan JoinAnswerLimit = TimeSpan.FromSeconds(10);

    private readonly SessionSettings _settings;
    private readonly IReadOnlyList<string> _initialRooms;
    private readonly ChatConnection _connection;
    private readonly HashSet<string> _namesRequested = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where each /who was typed, oldest first: its reply goes there (a WHO sent with /quote goes to the server window).</summary>
    private readonly Queue<Conversation> _whoRequests = new();
    private readonly HeldInput _held = new();
    private readonly Action<Action> _post;
    private ITimer? _heldTimer;
    private readonly HashSet<string> _awaitingJoins = new(StringComparer.OrdinalIgnoreCase);
    private bool _wasConnected;

    /// <param name="settings">Where to connect.</param>
    /// <param name="rooms">The rooms to join on connecting.</param>
    /// <param name="post">Runs an action on the UI's thread, in order.</param>
    /// <param name="time">The clock (tests may fake it).</param>
    public ChatController(SessionSettings settings, IReadOnlyList<string> rooms, Action<Action> post, TimeProvider? time = null)
    {
        _settings = settings;
        _initialRooms = rooms;
        _post = post;
        Time = time ?? TimeProvider.System;
        State = new ChatState(settings.Host, settings.Nick) { SeveralServers = settings.Servers.Count > 1 };
        _connection = new ChatConnection(settings, e => post(() => Apply(e)), Time);
    }

    /// <summary>A line was added to a conversation (not raised for history inserted earlier in the pane).</summary>
    public event Action<Conversation, ChatLine>? LineAdded;

    /// <summary>Earlier messages were put into a conversation, before its latest join line.</summary>
    public event Action<Conversation, IReadOnlyList<ChatLine>>? HistoryAdded;

    /// <summary>Something on screen changed: lines, members, unread counts, the status.</summary>
    public event Action? Changed;

    /// <summary>The user asked to quit (the connection closes on its own afterwards).</summary>
    public event Action? QuitRequested;

    public ChatState State { get; }

    public TimeProvider Time { get; }

    /// <summary>
    /// True once connected and the rooms asked for on the command line are joined (or refused):
    /// line mode waits for this before it reads what to send.
    /// </summary>
    public bool IsReady => State.Connection == ConnectionState.Connected && _awaitingJoins.Count == 0;

    /// <summary>True once the user quit.</summary>
    public bool IsQuitting { get; private set; }

    /// <summary>The current connection's session (null before the first).</summary>
    internal IrcClientSession? Session => _connection.Session;

    /// <summary>Connects and stays connected until the user quits.</summary>
    /// <exception cref="ConnectionFailedException">The first connection failed.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => _connection.RunAsync(cancellationToken);

    /// <summary>Quits: QUIT to the server, no reconnecting.</summary>
    public void Quit(string reason = "Leaving")
    {
        if (!IsQuitting)
        {
            IsQuitting = true;
            _connection.Quit(reason);
            QuitRequested?.Invoke();
        }
    }

    /// <summary>Applies one event from the session to the state.</summary>
    internal void Apply(ClientEvent e)
    {
        switch (e)
        {
            case ConnectingEvent c:
                State.Connection = ConnectionState.Connecting;
                State.ReconnectIn = null;
                State.Address = c.Server.ToString();
                Info(State.Server, $"Connecting to {c.Server}…");
                break;
            case ServerSkippedEvent s:
                Add(State.Server, new ChatLine(Time.GetUtcNow(), LineKind.Error, null, $"{Capitalized(s.Reason)}; trying {s.Next}."));
                break;
            case RegisteredEvent r:
                OnRegistered(r);
                break;
            case DisconnectedEvent d:
                OnDisconnected(d);
                break;
            case ReconnectCountdownEvent r:
                State.ReconnectIn = r.SecondsLeft;
                break;
            case ServerTextEvent t:
                var target = (t.IsError || t.IsReply) && State.Current.Kind != ConversationKind.Server ? State.Current : State.Server;
                Add(target, new ChatLine(Time.GetUtcNow(), t.IsError ? LineKind.Error : LineKind.Info, null, t.Text) { IsRoutine = t.IsRoutine });
                break;
            case JoinEvent j:
                OnJoin(j);
                break;
            case JoinFailedEvent f:
                _awaitingJoins.Remove(f.Channel);
                Error($"{f.Channel}: {f.Reason}");
                JoinAnswered(f.Channel);
                break;
            case PartEvent p:
                OnPart(p);
                break;
            case RenameEvent r:
                OnRename(r);
                break;
            case QuitEvent q:
                OnQuit(q);
                break;
            case NickEvent n:
                OnNick(n);
                break;
            case MessageEvent m:
                OnMessage(m);
                break;
            case TopicEvent t:
                OnTopic(t);
                break;
            case NamesEvent n:
                OnNames(n);
                break;
            case WhoReplyEvent w:
                var window = _whoRequests.TryPeek(out var asked) && State.Conversations.Contains(asked) ? asked : State.Server;
                Info(window, w.Text);
                if (w.IsEnd)
                {
                    _whoRequests.TryDequeue(out _);
                }

                break;
            case ModeEvent m:
                var where = State.Find(m.Target) ?? State.Server;
                Add(where, Event(m.Time, $"{m.By} sets mode {m.Change}{(where == State.Server ? " on " + m.Target : string.Empty)}"));
                break;
            case HistoryEvent h:
                OnHistory(h);
                break;
            case PresenceEvent p:
                OnPresence(p);
                break;
            default:
                break;
        }

        WatchQueries();
        Changed?.Invoke();
    }

    private void OnRegistered(RegisteredEvent r)
    {
        State.Connection = ConnectionState.Connected;
        State.ReconnectIn = null;
        State.Nick = r.Nick;
        Info(State.Server, $"Connected to {r.Server} as {r.Nick}.");
        if (_wasConnected)
        {
            foreach (var room in State.Conversations.Where(c => c.Kind == ConversationKind.Channel))
            {
                Add(room, new ChatLine(Time.GetUtcNow(), LineKind.Gap, null, $"Reconnected to {State.Address}."));
            }
        }

        // Rooms open before a reconnect come back; the first time, the ones asked for.
        var rooms = _wasConnected
            ? State.Conversations.Where(c => c.Kind == ConversationKind.Channel).Select(c => c.Name).ToList()
            : _initialRooms.Select(NormalizeRoom).ToList();
        _wasConnected = true;
        foreach (var room in rooms)
        {
            _awaitingJoins.Add(room);
            Join(room);
        }
    }

    private void OnDisconnected(DisconnectedEvent d)
    {
        State.Connection = ConnectionState.Disconnected;
        _whoRequests.Clear();
        _monitor.Clear();

        // No answer to a JOIN will come on this connection: what was typed after it runs now
        // (and says it was not sent).
        _held.ReleaseAll();
        RunHeldInput();
        if (IsQuitting)
        {
            Info(State.Server, "Disconnected.");
            return;
        }

        foreach (var conversation in State.Conversations)
        {
            if (conversation.Kind == ConversationKind.Channel && conversation.IsJoined)
            {
                conversation.IsJoined = false;
                conversation.SetMembers([]);
                Add(conversation, new ChatLine(Time.GetUtcNow(), LineKind.Gap, null, "Disconnected: " + d.Reason));
            }
        }

        Add(State.Server, new ChatLine(Time.GetUtcNow(), LineKind.Error, null, $"Disconnected: {d.Reason}. Reconnecting…"));
    }

    private void OnJoin(JoinEvent j)
    {
        if (j.IsMe)
        {
            var room = State.Open(j.Channel, ConversationKind.Channel);
            room.IsJoined = true;
            room.HistoryInsertAt = room.Lines.Count;
            _awaitingJoins.Remove(j.Channel);

            // A room the user asked for is shown already (from the /join on); one joined on
            // connecting is shown when nothing else is.
            if (State.Current.Kind == ConversationKind.Server)
            {
                State.Show(room);
            }

            Add(room, Event(j.Time, $"You joined {j.Channel}"));

            RequestHistory(room);
            JoinAnswered(j.Channel);
            return;
        }

        if (State.Find(j.Channel) is { } channel)
        {
            channel.AddMember(j.Nick);
            Add(channel, Event(j.Time, $"{j.Nick} joined {j.Channel}"));
        }
    }

    private void OnPart(PartEvent p)
    {
        if (State.Find(p.Channel) is not { } room)
        {
            return;
        }

        var reason = string.IsNullOrEmpty(p.Reason) ? string.Empty : $" ({p.Reason})";
        var text = p.KickedBy is null
            ? $"{(p.IsMe ? "You" : p.Nick)} left {p.Channel}{reason}"
            : $"{(p.IsMe ? "You were" : p.Nick + " was")} kicked from {p.Channel} by {p.KickedBy}{reason}";
        room.RemoveMember(p.Nick);
        if (p.IsMe && p.KickedBy is null)
        {
            State.Close(room);
            Info(State.Current, text);
            JoinAnswered(p.Channel);
            return;
        }

        if (p.IsMe)
        {
            room.IsJoined = false;
            room.SetMembers([]);
        }

        Add(room, Event(p.Time, text));
    }

    /// <summary>The room's window takes the new name, and keeps its lines, members and place; a reconnect rejoins it by the new name.</summary>
    private void OnRename(RenameEvent r)
    {
        if (State.Find(r.OldChannel) is not { } room)
        {
            return;
        }

        // A case change keeps the window; a name another window has already leaves both as they are but says so.
        if (!Same(r.OldChannel, r.NewChannel) && State.Find(r.NewChannel) is not null)
        {
            Add(room, Event(r.Time, $"{r.By} renamed {r.OldChannel} to {r.NewChannel}, which has its own window here"));
            return;
        }

        room.Rename(r.NewChannel);
        var reason = r.Reason is null ? string.Empty : $" ({r.Reason})";
        Add(room, Event(r.Time, $"{r.By} renamed {r.OldChannel} to {r.NewChannel}{reason}"));
    }

    private void OnQuit(QuitEvent q)
    {
        RegainNick(q.Nick);
        _monitor.SawQuit(q.Nick);
        var reason = string.IsNullOrEmpty(q.Reason) ? string.Empty : $" ({q.Reason})";
        foreach (var conversation in State.Conversations.ToList())
        {
            if (conversation.RemoveMember(q.Nick) || (conversation.Kind == ConversationKind.Query && Same(conversation.Name, q.Nick)))
            {
                Add(conversation, Event(q.Time, $"{q.Nick} quit{reason}"));
            }
        }
    }

    private void OnNick(NickEvent n)
    {
        if (!n.IsMe)
        {
            RegainNick(n.OldNick);
        }

        if (n.IsMe)
        {
            State.Nick = n.NewNick;
        }

        foreach (var conversation in State.Conversations)
        {
            var isQuery = conversation.Kind == ConversationKind.Query && Same(conversation.Name, n.OldNick);
            if (conversation.HasMember(n.OldNick) || isQuery || (n.IsMe && conversation.Kind == ConversationKind.Server))
            {
                conversation.RenameMember(n.OldNick, n.NewNick);
                if (isQuery)
                {
                    conversation.Rename(n.NewNick);
                }

                Add(conversation, Event(n.Time, n.IsMe ? $"You are now known as {n.NewNick}" : $"{n.OldNick} is now known as {n.NewNick}"));
            }
        }
    }

    private void OnMessage(MessageEvent m)
    {
        var isChannel = Session?.Features.IsChannel(m.Conversation) ?? m.Conversation.StartsWith('#');
        var conversation = State.Open(m.Conversation, isChannel ? ConversationKind.Channel : ConversationKind.Query);
        Add(conversation, ToLine(m));
    }

    private void OnTopic(TopicEvent t)
    {
        var room = State.Open(t.Channel, ConversationKind.Channel);
        room.Topic = t.Topic;
        Add(room, Event(t.Time, t.IsChange ? $"{t.SetBy} set the topic: {t.Topic}" : $"Topic: {t.Topic}"));
    }

    private void OnNames(NamesEvent n)
    {
        if (State.Find(n.Channel) is not { } room)
        {
            if (_namesRequested.Remove(n.Channel))
            {
                Info(State.Current, $"{n.Channel}: {string.Join(' ', n.Members.Select(Display))}");
            }

            return;
        }

        var firstList = room.Members.Count == 0;
        room.SetMembers(n.Members.Select(m => (m.Nick, m.Prefix)));
        if (_namesRequested.Remove(n.Channel) || firstList)
        {
            Info(room, $"{n.Members.Count} here: {string.Join(' ', n.Members.Select(Display))}");
        }
    }

    private void OnHistory(HistoryEvent h)
    {
        if (State.Find(h.Conversation) is not { } conversation)
        {
            return;
        }

        var inserted = conversation.InsertHistory(h.Messages.Select(ToLine));
        if (inserted.Count > 0)
        {
            HistoryAdded?.Invoke(conversation, inserted);
        }
    }

    /// <summary>
    /// The nick we asked for was taken (often by our own ghost, after a reconnect, until the
    /// server notices the old connection is gone): when its holder leaves or renames, take it.
    /// </summary>
    private void RegainNick(string freed)
    {
        if (Same(freed, _settings.Nick) && !Same(State.Nick, _settings.Nick) && State.Connection == ConnectionState.Connected)
        {
            Session?.Send("NICK", _settings.Nick);
        }
    }

    /// <summary>Asks for earlier messages when the server keeps them: what was missed since the last one seen, else the latest.</summary>
    private void RequestHistory(Conversation room)
    {
        if (Session is not { } session || !session.Caps.Contains("draft/chathistory") || session.Features.ChatHistoryLimit <= 0)
        {
            return;
        }

        var limit = Math.Min(HistoryOnJoin, session.Features.ChatHistoryLimit).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (room.LastMessageId is { } last)
        {
            session.Send("CHATHISTORY", "AFTER", room.Name, "msgid=" + last, limit);
        }
        else
        {
            session.Send("CHATHISTORY", "LATEST", room.Name, "*", limit);
        }
    }

    private ChatLine ToLine(MessageEvent m)
    {
        if (m.Kind == MessageKind.TopicChange)
        {
            return Event(m.Time, $"{m.Sender} set the topic: {m.Text}") with { IsHistory = m.IsHistory, MessageId = m.MessageId };
        }

        var kind = m.Kind switch
        {
            MessageKind.Action => LineKind.Action,
            MessageKind.Notice => LineKind.Notice,
            _ => LineKind.Message,
        };
        return new ChatLine(m.Time, kind, m.Sender, m.Text)
        {
            IsOwn = m.IsOwn,
            IsHistory = m.IsHistory,
            MessageId = m.MessageId,
            MentionsMe = !m.IsOwn && m.Text.Contains(State.Nick, StringComparison.OrdinalIgnoreCase),
        };
    }

    private static ChatLine Event(DateTimeOffset time, string text) => new(time, LineKind.Event, null, text);

    private void Info(Conversation conversation, string text) =>
        Add(conversation, new ChatLine(Time.GetUtcNow(), LineKind.Info, null, text));

    private void Error(string text) =>
        Add(State.Current, new ChatLine(Time.GetUtcNow(), LineKind.Error, null, text));

    private void Add(Conversation conversation, ChatLine line)
    {
        if (State.Add(conversation, line))
        {
            LineAdded?.Invoke(conversation, line);
        }
    }

    private static string Capitalized(string text) =>
        text.Length == 0 ? text : string.Concat(text[..1].ToUpperInvariant(), text[1..]);

    private static string Display(ChannelMember member) => member.Prefix is { } prefix ? prefix + member.Nick : member.Nick;

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
