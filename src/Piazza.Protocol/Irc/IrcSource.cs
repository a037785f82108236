namespace Piazza.Protocol.Irc;

/// <summary>
/// Who an IRC message comes from, as its source (prefix) names it: <c>nick!user@host</c> for a
/// client, a name alone for a server (https://modern.ircdocs.horse/#source).
/// </summary>
/// <remarks>
/// <code>
///   source = servername / ( nickname [ [ "!" user ] "@" host ] )
/// </code>
/// The nick ends at the first '!' or '@'; the user at the first '@' after its '!'; the host is
/// the rest. <see cref="Parse"/> then <see cref="ToString"/> gives back the text it read, whatever
/// it was, so a source passed through is never altered.
/// </remarks>
/// <param name="Nick">The nickname, or a server's name.</param>
/// <param name="User">The user part, or null when there is no '!'.</param>
/// <param name="Host">The host part, or null when there is no '@'.</param>
public readonly record struct IrcSource(string Nick, string? User, string? Host)
{
    /// <summary>Reads a source as a message carries it (without its ':'). Never throws.</summary>
    public static IrcSource Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var end = text.AsSpan().IndexOfAny('!', '@');
        if (end < 0)
        {
            return new IrcSource(text, null, null);
        }

        var nick = text[..end];
        if (text[end] == '@')
        {
            return new IrcSource(nick, null, text[(end + 1)..]);
        }

        var at = text.IndexOf('@', end + 1);
        return at < 0
            ? new IrcSource(nick, text[(end + 1)..], null)
            : new IrcSource(nick, text[(end + 1)..at], text[(at + 1)..]);
    }

    /// <summary>The source as a message writes it: <c>nick!user@host</c>, or fewer parts when some are null.</summary>
    public override string ToString() => (User, Host) switch
    {
        (null, null) => Nick ?? string.Empty,
        (null, _) => $"{Nick}@{Host}",
        (_, null) => $"{Nick}!{User}",
        _ => $"{Nick}!{User}@{Host}",
    };
}
