using System.Collections.Frozen;

using Piazza.Protocol.Line;

namespace Piazza.Server.Plain;

/// <summary>
/// Runs one plain-protocol line: returns the reason the client quits with, or null
/// (<c>default</c>) when it stays. Most complete at once; one that reads the history store,
/// checks a password or stores a ban is awaited by the read loop, so the client's next line
/// waits its turn and the replies keep their order.
/// </summary>
internal delegate ValueTask<string?> PlainCommandHandler(IPlainCommandContext context, LineCommand command);

/// <summary>
/// The plain protocol's commands, one entry each: its handler, the names the parser knows it by,
/// and its help. <c>/help</c> is generated from this table, and tests check that README's and
/// docs/protocol-plain.md's command tables name exactly these and that the parser reads each name
/// as its command. A new command is its verb in <see cref="LineCommandParser"/>, one entry here,
/// and its rows in those tables.
/// </summary>
internal static class PlainCommandTable
{
    /// <summary>Who may use a command; <c>/help</c> lists each group under its own heading.</summary>
    internal enum Audience
    {
        Everyone,
        RoomOperators,
        ServerOperators,
    }

    /// <summary>One command: what the parser makes of it, its name, its arguments as shown, what it does, its handler, who may use it, and further lines of help.</summary>
    internal sealed record Entry(LineCommandKind Kind, string Name, string Arguments, string Description, PlainCommandHandler Run, Audience For = Audience.Everyone, params string[] More)
    {
        /// <summary>Other names the parser takes for the command; <c>/help</c> does not show them.</summary>
        public IReadOnlyList<string> Aliases { get; init; } = [];
    }

    public static readonly IReadOnlyList<Entry> All =
    [
        new(LineCommandKind.Nick, "/nick", "NAME", "pick a nickname (letters, digits, - and []\\`_^{|})", static (c, l) => new PlainClientCommands(c).Nick(l)),
        new(LineCommandKind.Join, "/join", "ROOM [KEY]", "join a room, or switch to it; what you type then goes there", static (c, l) => new PlainRoomCommands(c).JoinAsync(l)),
        new(LineCommandKind.Part, "/part", "[ROOM]", "leave a room (default: the current one)", static (c, l) => new PlainRoomCommands(c).Part(l)),
        new(LineCommandKind.Rooms, "/rooms", string.Empty, "list the rooms", static (c, _) => new PlainRoomCommands(c).ListRooms()) { Aliases = ["/list"] },
        new(LineCommandKind.Who, "/who", "[ROOM]", "list who is in a room (default: the current one)", static (c, l) => new PlainRoomCommands(c).Who(l)) { Aliases = ["/names"] },
        new(LineCommandKind.Msg, "/msg", "NICK TEXT", "send a private message", static (c, l) => new PlainMessageCommands(c).PrivateMessage(l)),
        new(LineCommandKind.Me, "/me", "TEXT", "act: [you] * TEXT", static (c, l) => new PlainMessageCommands(c).Say(l.Text, action: true)),
        new(LineCommandKind.Topic, "/topic", "[TEXT]", "show or set the current room's topic", static (c, l) => new PlainRoomCommands(c).Topic(l)),
        new(LineCommandKind.Away, "/away", "[MESSAGE]", "mark yourself away (IRC users see it), or back without one", static (c, l) => new PlainClientCommands(c).Away(l)),
        new(LineCommandKind.History, "/history", "[NICK] [N]", "the current room's last N messages (default 20), or those between your account and NICK's", static (c, l) => new PlainHistoryCommands(c).ShowHistoryAsync(l)),
        new(LineCommandKind.Register, "/register", "PASSWORD", "make your nick an account (after /nick NAME); you are logged in", static (c, l) => new PlainAccountCommands(c).RegisterAsync(l)),
        new(LineCommandKind.Login, "/login", "NAME PASSWORD", "log in to your account", static (c, l) => new PlainAccountCommands(c).LogInAsync(l)),
        new(LineCommandKind.Logout, "/logout", string.Empty, "log out of your account", static (c, _) => new PlainAccountCommands(c).LogOut()),
        new(LineCommandKind.Help, "/help", string.Empty, "this list", static (c, _) => new PlainClientCommands(c).Help()),
        new(LineCommandKind.Quit, "/quit", "[REASON]", "leave, telling everyone why (or type: exit)", static (c, l) => new PlainClientCommands(c).Quit(l)) { Aliases = ["/exit"] },
        new(LineCommandKind.Kick, "/kick", "NICK [WHY]", "put someone out of the current room", static (c, l) => new PlainRoomOperatorCommands(c).Kick(l), For: Audience.RoomOperators),
        new(LineCommandKind.Invite, "/invite", "NICK", "invite someone to the current room", static (c, l) => new PlainRoomOperatorCommands(c).Invite(l), For: Audience.RoomOperators),
        new(LineCommandKind.Rename, "/rename", "NAME [WHY]", "rename the current room; its history follows (not the lobby)", static (c, l) => new PlainRoomOperatorCommands(c).Rename(l), For: Audience.RoomOperators),
        new(
            LineCommandKind.RegisterRoom,
            "/register-room",
            "[ROOM]",
            "register the room to your account (log in first): its",
            static (c, l) => new PlainRoomRegistrationCommands(c).RegisterAsync(l),
            For: Audience.RoomOperators,
            "modes, bans and operators outlive restarts, it stays when empty,",
            "and its founder and those given +o get operator on joining"),
        new(LineCommandKind.UnregisterRoom, "/unregister-room", "[ROOM]", "end a room's registration (its founder, or a server operator)", static (c, l) => new PlainRoomRegistrationCommands(c).UnregisterAsync(l), For: Audience.RoomOperators),
        new(
            LineCommandKind.Mode,
            "/mode",
            "[CHANGES]",
            "show or change the current room's modes, as in IRC:",
            static (c, l) => new PlainRoomOperatorCommands(c).Mode(l),
            For: Audience.RoomOperators,
            "+o/-o NICK operator, +v NICK voice, +b MASK ban, +m moderated,",
            "+t topic by operators, +i invite-only, +k KEY, +l LIMIT"),
        new(LineCommandKind.Oper, "/oper", "NAME PASSWORD", "become a server operator; then you operate every room", static (c, l) => new PlainServerOperatorCommands(c).OperAsync(l), For: Audience.ServerOperators),
        new(LineCommandKind.Kill, "/kill", "NICK [WHY]", "disconnect someone", static (c, l) => new PlainServerOperatorCommands(c).Kill(l), For: Audience.ServerOperators),
        new(LineCommandKind.Wallops, "/wallops", "TEXT", "message every server operator", static (c, l) => new PlainServerOperatorCommands(c).Wallops(l), For: Audience.ServerOperators),
        new(LineCommandKind.OperAccount, "/oper-account", "[NAME [on|off]]", "list, show or set the accounts whose login makes one a server operator", static (c, l) => new PlainServerOperatorCommands(c).OperAccountAsync(l), For: Audience.ServerOperators),
        new(
            LineCommandKind.Ban,
            "/ban",
            "MASK-OR-IP [DURATION] [WHY]",
            "ban from the server",
            static (c, l) => new PlainServerOperatorCommands(c).BanAsync(l),
            For: Audience.ServerOperators,
            "MASK-OR-IP: nick!user@host, 10.0.0.5 or 10.0.0.0/8; DURATION: minutes,",
            "or 30s 2h 7d 1w (none: until lifted)"),
        new(LineCommandKind.Unban, "/unban", "MASK-OR-IP", "lift a server ban", static (c, l) => new PlainServerOperatorCommands(c).UnbanAsync(l), For: Audience.ServerOperators),
        new(LineCommandKind.Bans, "/bans", string.Empty, "list the server bans", static (c, _) => new PlainServerOperatorCommands(c).ListBans(), For: Audience.ServerOperators),
    ];

    /// <summary>
    /// Every line the parser makes, by kind: the commands above, and the seed's lines that are no
    /// command: chat text for the current room, a bare <c>exit</c>, an empty line (ignored).
    /// </summary>
    private static readonly FrozenDictionary<LineCommandKind, PlainCommandHandler> Handlers =
        new Dictionary<LineCommandKind, PlainCommandHandler>(All.ToDictionary(e => e.Kind, e => e.Run))
        {
            [LineCommandKind.Text] = static (c, l) => new PlainMessageCommands(c).Say(l.Text, action: false),
            [LineCommandKind.Exit] = static (c, _) => new PlainClientCommands(c).Exit(),
            [LineCommandKind.Empty] = static (_, _) => default,
        }.ToFrozenDictionary();

    /// <summary>What <c>/help</c> sends, one notice per line.</summary>
    public static IReadOnlyList<string> HelpLines { get; } = BuildHelp();

    /// <summary>Runs one parsed line; a <c>/word</c> that is no command gets an error.</summary>
    public static ValueTask<string?> RunAsync(IPlainCommandContext context, LineCommand command) =>
        Handlers.TryGetValue(command.Kind, out var run)
            ? run(context, command)
            : new PlainClientCommands(context).Unknown(command);

    /// <summary>Whether a kind of line has its own handler (every kind but <see cref="LineCommandKind.Unknown"/> should).</summary>
    internal static bool Handles(LineCommandKind kind) => Handlers.ContainsKey(kind);

    private static List<string> BuildHelp()
    {
        const int Column = 20;
        var lines = new List<string> { "commands (anything else you type goes to your current room):" };
        foreach (var audience in Enum.GetValues<Audience>())
        {
            switch (audience)
            {
                case Audience.RoomOperators:
                    lines.Add("room operators (the first to join a room is one, except in the lobby):");
                    break;
                case Audience.ServerOperators:
                    lines.Add("server operators (the Operators setting):");
                    break;
            }

            foreach (var entry in All.Where(e => e.For == audience))
            {
                var usage = entry.Arguments.Length == 0 ? entry.Name : entry.Name + " " + entry.Arguments;
                lines.Add(("  " + usage).PadRight(Column) + " " + entry.Description);
                lines.AddRange(entry.More.Select(more => new string(' ', Column + 1) + more));
            }
        }

        lines.Add("  //TEXT".PadRight(Column) + " send TEXT starting with one /");
        lines.Add("lines: [who] chat in lobby, [who@room] chat in another room, [who (private)] private, * notice, ! error");
        return lines;
    }
}
