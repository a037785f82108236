using Piazza.Client.Irc;
using Piazza.Client.Model;

namespace Piazza.Client;

/// <summary>What the user types: text for the shown conversation, or a command.</summary>
internal sealed partial class ChatController
{
    /// <summary>The commands the client knows itself, for /help and Tab completion.</summary>
    public static readonly IReadOnlyList<(string Name, string Usage, string Help)> Commands =
    [
        ("/join", "/join ROOM [KEY]", "join a room (# is added when missing) and show it"),
        ("/part", "/part [ROOM] [REASON]", "leave the shown room (or close the private conversation)"),
        ("/msg", "/msg NICK|ROOM TEXT", "send a message without switching to it"),
        ("/query", "/query NICK [TEXT]", "open a private conversation with NICK"),
        ("/me", "/me ACTION", "act: * you ACTION"),
        ("/nick", "/nick NAME", "change your nickname"),
        ("/topic", "/topic [TEXT]", "show or set the room's topic"),
        ("/who", "/who [ROOM|NICK]", "who is in the room, or who NICK is"),
        ("/names", "/names [ROOM]", "list the room's members"),
        ("/list", "/list", "list the rooms on the server"),
        ("/away", "/away [MESSAGE]", "mark yourself away (no message: back)"),
        ("/register", "/register PASSWORD", "make your nickname an account with PASSWORD, and log in to it"),
        ("/login", "/login ACCOUNT PASSWORD", "log in to an account (SASL; --password does it on connecting)"),
        ("/quote", "/quote LINE", "send LINE to the server as is"),
        ("/help", "/help", "this list"),
        ("/quit", "/quit [REASON]", "leave (typing exit does the same)"),
    ];

    /// <summary>What starts a line that holds a password.</summary>
    private static readonly string[] PasswordCommands = ["/register ", "/login ", "/oper "];

    /// <summary>Handles one line the user typed (Enter), after what was typed before it took effect.</summary>
    public void Submit(string input)
    {
        if (input.Length == 0)
        {
            return;
        }

        if (_held.IsHolding)
        {
            _held.Hold(() => Submit(input));
            return;
        }

        if (input.Trim() == "exit")
        {
            Quit();
            Changed?.Invoke();
            return;
        }

        if (input.StartsWith("//", StringComparison.Ordinal) || !input.StartsWith('/'))
        {
            Say(input.StartsWith("//", StringComparison.Ordinal) ? input[1..] : input, MessageKind.Privmsg);
        }
        else
        {
            RunCommand(input);
        }

        WatchQueries();
        Changed?.Invoke();
    }

    /// <summary>The input ended (EOF): quits once what was typed before has taken effect.</summary>
    public void EndInput()
    {
        if (_held.IsHolding)
        {
            _held.Hold(() => EndInput());
            return;
        }

        Quit();
        Changed?.Invoke();
    }

    private void RunCommand(string input)
    {
        var space = input.IndexOf(' ', StringComparison.Ordinal);
        var name = (space < 0 ? input : input[..space]).ToLowerInvariant();
        var rest = space < 0 ? string.Empty : input[(space + 1)..].Trim();
        var args = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (name)
        {
            case "/quit" or "/exit":
                Quit(rest.Length > 0 ? rest : "Leaving");
                break;
            case "/help":
                foreach (var (_, line, help) in Commands)
                {
                    Info(State.Current, $"{line,-24} {help}");
                }

                Info(State.Current, "Alt+1..9 or Ctrl+N/Ctrl+P switch rooms; any other /COMMAND goes to the server as is.");
                break;
            case "/join" when args.Length > 0:
                JoinAsked(args[0], args.Length > 1 ? args[1] : null);
                break;
            case "/part":
                Part(args, rest);
                break;
            case "/msg" when args.Length > 1:
                SendTo(args[0], rest[(rest.IndexOf(' ', StringComparison.Ordinal) + 1)..].TrimStart(), show: false);
                break;
            case "/query" when args.Length > 0:
                var query = State.Open(args[0], IsChannel(args[0]) ? ConversationKind.Channel : ConversationKind.Query);
                State.Show(query);
                if (args.Length > 1)
                {
                    SendTo(args[0], rest[(rest.IndexOf(' ', StringComparison.Ordinal) + 1)..].TrimStart(), show: true);
                }

                break;
            case "/me" when rest.Length > 0:
                Say(rest, MessageKind.Action);
                break;
            case "/nick" when args.Length == 1:
                Session?.Send("NICK", args[0]);
                break;
            case "/topic":
                if (State.Current.Kind != ConversationKind.Channel)
                {
                    Error("/topic works in a room.");
                }
                else if (rest.Length == 0)
                {
                    Info(State.Current, State.Current.Topic is { Length: > 0 } topic ? "Topic: " + topic : "No topic is set.");
                }
                else
                {
                    Session?.Send("TOPIC", State.Current.Name, rest);
                }

                break;
            case "/names":
                var channel = args.Length > 0 ? NormalizeRoom(args[0]) : State.Current.Name;
                _namesRequested.Add(channel);
                Session?.Send("NAMES", channel);
                break;
            case "/who":
                if (Session is { } whoSession && State.Connection == ConnectionState.Connected)
                {
                    _whoRequests.Enqueue(State.Current);
                    whoSession.Send("WHO", args.Length > 0 ? args[0] : State.Current.Name);
                }

                break;
            case "/list":
                Session?.Send("LIST");
                break;
            case "/away":
                if (rest.Length > 0)
                {
                    Session?.Send("AWAY", rest);
                }
                else
                {
                    Session?.Send("AWAY");
                }

                break;
            case "/quote" or "/raw" when rest.Length > 0:
                SendRaw(rest);
                break;
            case "/register" when rest.Length > 0:
                if (Registered() is { } registering)
                {
                    registering.Register(rest);
                }

                break;
            case "/login" when args.Length > 1:
                if (Registered() is { } session && !session.LogIn(args[0], rest[(rest.IndexOf(' ', StringComparison.Ordinal) + 1)..].TrimStart()))
                {
                    Error("A login is under way already.");
                }

                break;
            case "/join" or "/msg" or "/query" or "/me" or "/nick" or "/quote" or "/raw" or "/register" or "/login":
                var usage = Commands.FirstOrDefault(c => c.Name == name).Usage ?? name;
                Error("Usage: " + usage);
                break;
            default:
                // Anything else is the server's business: "/whois bob" is "WHOIS bob".
                SendRaw(input[1..]);
                break;
        }
    }

    /// <summary>
    /// /join: the room is shown at once, so that what is typed next is meant for it, and held
    /// until the server answers the JOIN, so that it goes there (or, refused, nowhere).
    /// </summary>
    private void JoinAsked(string list, string? key)
    {
        var rooms = list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(NormalizeRoom).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (rooms.Count == 0)
        {
            Error("Usage: /join ROOM [KEY]");
            return;
        }

        var toJoin = rooms.Where(r => State.Find(r) is not { IsJoined: true }).ToList();
        State.Show(State.Open(rooms[0], ConversationKind.Channel));
        if (toJoin.Count == 0)
        {
            return;
        }

        if (Session is not { IsRegistered: true } || State.Connection != ConnectionState.Connected)
        {
            Error("Not connected: rooms are joined once connected.");
            return;
        }

        foreach (var room in toJoin)
        {
            State.Open(room, ConversationKind.Channel);
        }

        HoldUntilAnswered(toJoin);
        Join(string.Join(',', toJoin), key);
    }

    /// <summary>Holds what is typed next until the server answers a JOIN or PART of each of <paramref name="rooms"/>.</summary>
    private void HoldUntilAnswered(IEnumerable<string> rooms)
    {
        _held.Await(rooms);
        var generation = _held.Generation;
        _heldTimer?.Dispose();
        _heldTimer = Time.CreateTimer(_ => _post(() => JoinAnswerLate(generation)), null, JoinAnswerLimit, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The server answered a JOIN or PART (done or refused): what was typed after it runs once all are answered.</summary>
    private void JoinAnswered(string room)
    {
        if (_held.Answered(room))
        {
            _heldTimer?.Dispose();
            _heldTimer = null;
            RunHeldInput();
        }
    }

    private void JoinAnswerLate(int generation)
    {
        if (_held.IsHolding && _held.Generation == generation)
        {
            Error("The server did not answer: going on.");
            _held.ReleaseAll();
            RunHeldInput();
            Changed?.Invoke();
        }
    }

    private void RunHeldInput()
    {
        while (_held.TryNext(out var typed))
        {
            typed();
        }
    }

    private void Part(string[] args, string rest)
    {
        var target = State.Current;
        var reason = rest;
        if (args.Length > 0 && IsChannel(args[0]))
        {
            target = State.Find(args[0]) ?? target;
            reason = rest[args[0].Length..].Trim();
        }

        switch (target.Kind)
        {
            case ConversationKind.Channel when target.IsJoined:
                // What follows is meant for the window shown once the room is left.
                HoldUntilAnswered([target.Name]);
                if (reason.Length > 0)
                {
                    Session?.Send("PART", target.Name, reason);
                }
                else
                {
                    Session?.Send("PART", target.Name);
                }

                break;
            case ConversationKind.Channel or ConversationKind.Query:
                State.Close(target);
                break;
            default:
                Error("Nothing to leave here: /quit leaves the server.");
                break;
        }
    }

    private void Say(string text, MessageKind kind)
    {
        if (State.Current.Kind == ConversationKind.Server)
        {
            Error("You are not in a room: /join ROOM first (or /msg NICK TEXT).");
            return;
        }

        if (State.Current is { Kind: ConversationKind.Channel, IsJoined: false } room && State.Connection == ConnectionState.Connected)
        {
            Error($"Not sent: you are not in {room.Name} (/join {room.Name}).");
            return;
        }

        SendTo(State.Current.Name, text, show: false, kind);
    }

    private void SendTo(string target, string text, bool show, MessageKind kind = MessageKind.Privmsg)
    {
        if (Session is not { IsRegistered: true } session || State.Connection != ConnectionState.Connected)
        {
            Error("Not connected: the message was not sent.");
            return;
        }

        // The reply has a window to land in, whether or not we switch to it.
        var conversation = State.Open(target, IsChannel(target) ? ConversationKind.Channel : ConversationKind.Query);
        if (show)
        {
            State.Show(conversation);
        }

        session.SendMessage(target, text, kind);
    }

    /// <summary>
    /// True for a line that holds a password (/register, /login, /oper): kept out of the input
    /// history, so that Up never shows it again.
    /// </summary>
    public static bool HoldsPassword(string input) =>
        PasswordCommands.Any(c => input.StartsWith(c, StringComparison.OrdinalIgnoreCase));

    /// <summary>The session when connected and registered; else null, with an error shown.</summary>
    private IrcClientSession? Registered()
    {
        if (Session is { IsRegistered: true } session && State.Connection == ConnectionState.Connected)
        {
            return session;
        }

        Error("Not connected.");
        return null;
    }

    private void SendRaw(string line)
    {
        if (Session is not { } session || State.Connection == ConnectionState.Disconnected)
        {
            Error("Not connected.");
        }
        else if (!session.SendRaw(line))
        {
            Error("That is not a line the server could read.");
        }
    }

    private void Join(string room, string? key = null)
    {
        if (key is null)
        {
            Session?.Send("JOIN", room);
        }
        else
        {
            Session?.Send("JOIN", room, key);
        }
    }

    /// <summary>"lobby" → "#lobby": Piazza's rooms and IRC channels are the same thing.</summary>
    private string NormalizeRoom(string room) => IsChannel(room) ? room : "#" + room;

    private bool IsChannel(string name) => Session?.Features.IsChannel(name) ?? name.StartsWith('#');
}
