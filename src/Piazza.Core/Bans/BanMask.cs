namespace Piazza.Core.Bans;

/// <summary>
/// Ban masks: "nick!user@host" with wildcards (https://modern.ircdocs.horse/#wildcard-expressions).
/// The one matcher and the one normalisation for room bans (+b) and server bans (KLINE, /ban), in
/// both protocols.
/// </summary>
public static class BanMask
{
    /// <summary>The longest mask accepted as typed, in characters.</summary>
    /// <remarks>
    /// Bounds what one ban costs to match (<see cref="Matches"/> is O(mask × text)) and to store.
    /// Ergo's default is 300 bytes for a whole ban; 200 leaves a real mask plenty of room.
    /// </remarks>
    public const int MaxLength = 200;

    /// <summary>How masks compare as the identity of a ban (dedupe, lifting): ASCII case-insensitive, as they match.</summary>
    public static IEqualityComparer<string> Comparer { get; } = new AsciiCaseComparer();
    // Placeholders outside the char range a token can hold: Token reports wildcards as these.
    private const int Many = -1;
    private const int One = -2;

    /// <summary>
    /// True when <paramref name="mask"/> matches the whole of <paramref name="nickUserHost"/>,
    /// ignoring ASCII case.
    /// </summary>
    /// <remarks>
    /// Grammar (https://modern.ircdocs.horse/#wildcard-expressions):
    /// <code>
    ///   mask     = *( wildone / wildmany / escaped / literal )
    ///   wildone  = "?"             ; exactly one character (a surrogate pair is one)
    ///   wildmany = "*"             ; any run of characters, the empty one included
    ///   escaped  = "\*" / "\?"     ; a literal "*" or "?"
    ///   literal  = any other char  ; a "\" before anything else is itself a literal
    /// </code>
    /// The matcher is greedy and only ever returns to the last '*' it passed, so it takes at most
    /// O(mask length × text length) steps, whatever the mask ("*a*a*a*a*b" included), and allocates nothing.
    /// Case folding is ASCII only: the server's casemapping is ascii.
    /// </remarks>
    public static bool Matches(string mask, string nickUserHost)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(nickUserHost);
        var text = nickUserHost;
        int m = 0, t = 0;
        int starM = -1, starT = 0;
        while (t < text.Length)
        {
            if (m < mask.Length)
            {
                var token = Token(mask, m, out var literal);
                if (literal == Many)
                {
                    m += token;
                    starM = m;
                    starT = t;
                    continue;
                }

                if (literal == One)
                {
                    m += token;
                    t += CharLength(text, t);
                    continue;
                }

                if (Lower(literal) == Lower(text[t]))
                {
                    m += token;
                    t++;
                    continue;
                }
            }

            if (starM < 0)
            {
                return false;
            }

            // Let the last '*' take one more character and try again from there.
            starT += CharLength(text, starT);
            t = starT;
            m = starM;
        }

        while (m < mask.Length && mask[m] == '*')
        {
            m++;
        }

        return m == mask.Length;
    }

    /// <summary>The <c>nick!user@host</c> a client is matched as (<see cref="Member.BanIdentity"/>).</summary>
    public static string Identity(string nick, string user, string host) => $"{nick}!{user}@{host}";

    /// <summary>
    /// Completes what a user typed as a ban mask to "nick!user@host", each missing or empty part
    /// being "*": "bob" → "bob!*@*", "bob!x" → "bob!x@*", "*@host" → "*!*@host", "u@h" → "*!u@h".
    /// </summary>
    /// <remarks>
    /// The nick ends at the first '!'; the host starts after the first '@' that follows it. A word
    /// with neither is a nick, even with dots in it.
    /// </remarks>
    public static string Normalize(string mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var text = mask.AsSpan();
        var bang = text.IndexOf('!');
        var nick = bang < 0 ? text : text[..bang];
        var rest = bang < 0 ? [] : text[(bang + 1)..];
        if (bang < 0)
        {
            var at = text.IndexOf('@');
            if (at >= 0)
            {
                nick = [];
                rest = text;
            }
        }

        var hostAt = rest.IndexOf('@');
        var user = hostAt < 0 ? rest : rest[..hostAt];
        var host = hostAt < 0 ? [] : rest[(hostAt + 1)..];
        return $"{OrStar(nick)}!{OrStar(user)}@{OrStar(host)}";
    }

    /// <summary>
    /// What a user typed as a ban, checked and <see cref="Normalize">completed</see>; null, with
    /// <paramref name="why"/>, when it is no mask. Never throws.
    /// </summary>
    /// <remarks>
    /// A mask is one word of at most <see cref="MaxLength"/> characters with no control character
    /// (NUL included) and no ','; once completed it has exactly one '!' and one '@', in that
    /// order, since neither may appear in a nick or a host. An empty word is refused rather than
    /// completed to "*!*@*": an empty parameter is a client's slip, not a ban on everyone.
    /// </remarks>
    public static string? TryNormalize(string? text, out string? why)
    {
        why = NotOneWord(text);
        if (why is not null || text is null)
        {
            return null;
        }

        var mask = Normalize(text);
        var bang = mask.IndexOf('!', StringComparison.Ordinal);
        var at = mask.IndexOf('@', StringComparison.Ordinal);
        if (bang != mask.LastIndexOf('!') || at != mask.LastIndexOf('@') || bang > at)
        {
            why = $"{text} is not a nick!user@host mask";
            return null;
        }

        return mask;
    }

    /// <summary>Why <paramref name="text"/> cannot be a ban target at all, or null when it is one word that could.</summary>
    /// <remarks>Server bans ask this before reading a word as an address, so an address with a NUL or a space in it is refused too.</remarks>
    public static string? NotOneWord(string? text) =>
        string.IsNullOrEmpty(text) || text.Length > MaxLength || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == ',')
            ? $"a ban mask is one word of at most {MaxLength} characters"
            : null;

    private static ReadOnlySpan<char> OrStar(ReadOnlySpan<char> part) => part.IsEmpty ? "*" : part;

    /// <summary>Reads the mask token at <paramref name="at"/>; returns its length in chars.</summary>
    private static int Token(string mask, int at, out int literal)
    {
        var c = mask[at];
        switch (c)
        {
            case '*':
                literal = Many;
                return 1;
            case '?':
                literal = One;
                return 1;
            case '\\' when at + 1 < mask.Length && mask[at + 1] is '*' or '?':
                literal = mask[at + 1];
                return 2;
            default:
                literal = c;
                return 1;
        }
    }

    /// <summary>'A'–'Z' to 'a'–'z' and nothing else: CASEMAPPING=ascii (ISUPPORT).</summary>
    internal static char Lower(int c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : (char)c;

    private static int CharLength(string text, int at) =>
        char.IsHighSurrogate(text[at]) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]) ? 2 : 1;
}
