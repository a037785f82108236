namespace Piazza.Server.Plain;

/// <summary>
/// The plain protocol's commands, one entry each: <c>/help</c> is generated from this table, and a
/// test checks that README's and docs/protocol-plain.md's command tables name exactly these. A new
/// command is one entry here (and its rows in those tables).
/// </summary>
internal static class PlainCommands
{
    /// <summary>One command: its name, its arguments as shown, what it does, and further lines of help.</summary>
    internal sealed record Entry(string Name, string Arguments, string Description, bool ForOperators = false, params string[] More);

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
        new("/kick", "NICK [WHY]", "put someone out of the current room", ForOperators: true),
        new("/invite", "NICK", "invite someone to the current room", ForOperators: true),
        new(
            "/mode",
            "[CHANGES]",
            "show or change the current room's modes, as in IRC:",
            ForOperators: true,
            "+o/-o NICK operator, +v NICK voice, +b MASK ban, +m moderated,",
            "+t topic by operators, +i invite-only, +k KEY, +l LIMIT"),
    ];

    /// <summary>What <c>/help</c> sends, one notice per line.</summary>
    public static IReadOnlyList<string> HelpLines { get; } = BuildHelp();

    private static List<string> BuildHelp()
    {
        const int Column = 20;
        var lines = new List<string> { "commands (anything else you type goes to your current room):" };
        foreach (var forOperators in new[] { false, true })
        {
            if (forOperators)
            {
                lines.Add("room operators (the first to join a room is one):");
            }

            foreach (var entry in All.Where(e => e.ForOperators == forOperators))
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
