namespace Piazza.Protocol.Irc;

/// <summary>CTCP inside PRIVMSG and NOTICE text (https://modern.ircdocs.horse/ctcp).</summary>
/// <remarks>
/// Grammar:
/// <code>
///   ctcp   = %x01 command [ SP params ] [ %x01 ]     ; the closing %x01 is optional
///   action = %x01 "ACTION" [ SP text ] [ %x01 ]       ; "ACTION" matched case-insensitively
/// </code>
/// </remarks>
public static class IrcCtcp
{
    private const char Delimiter = '\u0001';
    private const string ActionWord = "ACTION";

    /// <summary>
    /// Reads a <c>/me</c> action: "\u0001ACTION waves\u0001" gives "waves"; also without the
    /// closing \u0001; "\u0001ACTION\u0001" or "\u0001ACTION" gives "". Only the one space after
    /// ACTION and one closing \u0001 are removed; the rest is the action as sent.
    /// </summary>
    public static bool TryParseAction(string text, out string action)
    {
        ArgumentNullException.ThrowIfNull(text);
        action = string.Empty;
        var body = text.AsSpan();
        if (body.Length < 1 + ActionWord.Length || body[0] != Delimiter
            || !body.Slice(1, ActionWord.Length).Equals(ActionWord, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        body = body[(1 + ActionWord.Length)..];
        if (!body.IsEmpty && body[^1] == Delimiter)
        {
            body = body[..^1];
        }

        if (body.IsEmpty)
        {
            return true;
        }

        if (body[0] != ' ')
        {
            return false;
        }

        action = body[1..].ToString();
        return true;
    }

    /// <summary>"\u0001ACTION " + <paramref name="action"/> + "\u0001".</summary>
    public static string Action(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Delimiter + ActionWord + " " + action + Delimiter;
    }

    /// <summary>
    /// True for a CTCP other than ACTION (the text starts with \u0001), such as VERSION or PING;
    /// false for an action, so it can be tested before or after <see cref="TryParseAction"/>.
    /// </summary>
    public static bool IsCtcp(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith(Delimiter) && !TryParseAction(text, out _);
    }
}
