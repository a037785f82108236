namespace Piazza.Server.Plain;

/// <summary>
/// The plain protocol's commands, one entry each: <c>/help</c> is generated from this table, and a
/// test checks that README's and docs/protocol-plain.md's command tables name exactly these. A new
/// command is one entry here (and its rows in those tables).
/// </summary>
internal static class PlainCommands
{
    /// <summary>Who may use a command; <c>/help</c> lists each group under its own heading.</summary>
    internal enum Audience
    {
        Everyone,
        RoomOperators,
        ServerOperators,
    }

    /// <summary>One command: its name, its arguments as shown, what it does, who may use it, and further lines of help.</summary>
    internal sealed record Entry(string Name, string Arguments, string Description, Audience For = Audience.Everyone, params string[] More);

    public static readonly IReadOnlyList<Entry> All =
    [
        new("/nick", "NAME", "pick a nickname (letters, digits, - and []\\`_^{|})"),
        new("/join", "ROOM [KEY]", "join a room, or switch to it; what you type then goes there"),
        new("/part", "[ROOM]", "leave a room (default: the current one)"),
        new("/rooms", string.Empty, "list the rooms"),
        new("/who", "[ROOM]", "list who is in a room (default: the current one)"),
        new("/msg", "NICK TEXT", "send a private message"),
        new("/me", "TEXT", "act: [you] * TEXT"),
        new("/topic", "[TEXT]", "show or set the current room's topic"),
        new("/away", "[MESSAGE]", "mark yourself away (IRC users see it), or back without one"),
        new("/history", "[N]", "the current room's last N messages (default 20)"),
        new("/help", string.Empty, "this list"),
        new("/quit", "[REASON]", "leave, telling everyone why (or type: exit)"),
        new("/kick", "NICK [WHY]", "put someone out of the current room", For: Audience.RoomOperators),
        new("/invite", "NICK", "invite someone to the current room", For: Audience.RoomOperators),
        new(
            "/mode",
            "[CHANGES]",
            "show or change the current room's modes, as in IRC:",
            For: Audience.RoomOperators,
            "+o/-o NICK operator, +v NICK voice, +b MASK ban, +m moderated,",
            "+t topic by operators, +i invite-only, +k KEY, +l LIMIT"),
        new("/oper", "NAME PASSWORD", "become a server operator; then you operate every room", For: Audience.ServerOperators),
        new("/kill", "NICK [WHY]", "disconnect someone", For: Audience.ServerOperators),
        new("/wallops", "TEXT", "message every server operator", For: Audience.ServerOperators),
        new(
            "/ban",
            "MASK-OR-IP [DURATION] [WHY]",
            "ban from the server",
            For: Audience.ServerOperators,
            "MASK-OR-IP: nick!user@host, 10.0.0.5 or 10.0.0.0/8; DURATION: minutes,",
            "or 30s 2h 7d 1w (none: until lifted)"),
        new("/unban", "MASK-OR-IP", "lift a server ban", For: Audience.ServerOperators),
        new("/bans", string.Empty, "list the server bans", For: Audience.ServerOperators),
    ];

    /// <summary>What <c>/help</c> sends, one notice per line.</summary>
    public static IReadOnlyList<string> HelpLines { get; } = BuildHelp();

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
