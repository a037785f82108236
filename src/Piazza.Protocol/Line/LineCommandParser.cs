namespace Piazza.Protocol.Line;

/// <summary>
/// Parses a decoded line of the plain protocol into a <see cref="LineCommand"/>. Never throws.
/// </summary>
/// <remarks>
/// Grammar (docs/protocol-plain.md):
/// <code>
///   line    = "exit" / command / "//" text / text   ; surrounding white space ignored
///   command = "/" verb [ SP target ] [ SP text ]    ; verb is case-insensitive
/// </code>
/// Which commands take a target is fixed here; the argument checks (is the nick valid, is the
/// room known) belong to the core. A line starting with "//" is text that starts with "/".
/// </remarks>
public static class LineCommandParser
{
    /// <summary>Parses one line (without its line ending).</summary>
    public static LineCommand Parse(string line)
    {
        var trimmed = line.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            return new LineCommand(LineCommandKind.Empty, string.Empty, string.Empty, string.Empty);
        }

        if (trimmed.SequenceEqual("exit"))
        {
            return new LineCommand(LineCommandKind.Exit, "exit", string.Empty, string.Empty);
        }

        if (trimmed[0] != '/')
        {
            return Text(line);
        }

        if (trimmed.Length > 1 && trimmed[1] == '/')
        {
            return Text(line.TrimStart()[1..]);
        }

        var body = trimmed[1..];
        var verbEnd = body.IndexOfAny(' ', '\t');
        var verb = verbEnd < 0 ? body : body[..verbEnd];
        var rest = verbEnd < 0 ? ReadOnlySpan<char>.Empty : body[(verbEnd + 1)..].TrimStart();
        var kind = KindOf(verb);

        return kind switch
        {
            LineCommandKind.Nick or LineCommandKind.Join or LineCommandKind.Part
                or LineCommandKind.Who or LineCommandKind.Msg or LineCommandKind.Kick
                or LineCommandKind.Invite or LineCommandKind.Oper or LineCommandKind.Kill
                or LineCommandKind.Ban or LineCommandKind.Unban or LineCommandKind.Login or LineCommandKind.Rename
                or LineCommandKind.OperAccount or LineCommandKind.RegisterRoom or LineCommandKind.UnregisterRoom => WithTarget(kind, verb, rest),
            _ => new LineCommand(kind, verb.ToString(), string.Empty, rest.ToString()),
        };
    }

    private static LineCommand Text(string text) =>
        new(LineCommandKind.Text, string.Empty, string.Empty, text);

    private static LineCommand WithTarget(LineCommandKind kind, ReadOnlySpan<char> verb, ReadOnlySpan<char> rest)
    {
        var end = rest.IndexOfAny(' ', '\t');
        var target = end < 0 ? rest : rest[..end];
        var text = end < 0 ? ReadOnlySpan<char>.Empty : rest[(end + 1)..].TrimStart();
        return new LineCommand(kind, verb.ToString(), target.ToString(), text.ToString());
    }

    private static LineCommandKind KindOf(ReadOnlySpan<char> verb)
    {
        Span<char> lower = stackalloc char[16];
        if (verb.Length > lower.Length)
        {
            return LineCommandKind.Unknown;
        }

        var written = verb.ToLowerInvariant(lower);
        return lower[..written] switch
        {
            "nick" => LineCommandKind.Nick,
            "join" => LineCommandKind.Join,
            "part" => LineCommandKind.Part,
            "rooms" or "list" => LineCommandKind.Rooms,
            "who" or "names" => LineCommandKind.Who,
            "msg" => LineCommandKind.Msg,
            "me" => LineCommandKind.Me,
            "topic" => LineCommandKind.Topic,
            "help" => LineCommandKind.Help,
            "quit" or "exit" => LineCommandKind.Quit,
            "kick" => LineCommandKind.Kick,
            "mode" => LineCommandKind.Mode,
            "invite" => LineCommandKind.Invite,
            "rename" => LineCommandKind.Rename,
            "away" => LineCommandKind.Away,
            "history" => LineCommandKind.History,
            "oper" => LineCommandKind.Oper,
            "kill" => LineCommandKind.Kill,
            "wallops" => LineCommandKind.Wallops,
            "ban" => LineCommandKind.Ban,
            "unban" => LineCommandKind.Unban,
            "bans" => LineCommandKind.Bans,
            "oper-account" => LineCommandKind.OperAccount,
            "register" => LineCommandKind.Register,
            "login" => LineCommandKind.Login,
            "logout" => LineCommandKind.Logout,
            "register-room" => LineCommandKind.RegisterRoom,
            "unregister-room" => LineCommandKind.UnregisterRoom,
            _ => LineCommandKind.Unknown,
        };
    }
}
