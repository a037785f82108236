namespace Piazza.Core;

/// <summary>
/// The one rule for nicknames, shared by every protocol so that a plain user's name is always
/// a valid IRC nickname.
/// </summary>
/// <remarks>
/// RFC 2812 §2.3.1 (https://www.rfc-editor.org/rfc/rfc2812#section-2.3.1):
/// <code>
///   nickname = ( letter / special ) *( letter / digit / special / "-" )
///   special  = "[" / "]" / "\" / "`" / "_" / "^" / "{" / "|" / "}"
/// </code>
/// Nicknames compare case-insensitively in ASCII (ISUPPORT CASEMAPPING=ascii).
/// </remarks>
public static class NickName
{
    /// <summary>How nicknames compare: ASCII case-insensitive.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>Returns null when <paramref name="nick"/> is valid, else why it is not.</summary>
    public static string? Validate(string nick, int maxLength)
    {
        if (nick.Length == 0)
        {
            return "a nickname cannot be empty";
        }

        if (nick.Length > maxLength)
        {
            return $"a nickname has at most {maxLength} characters";
        }

        if (!IsLetter(nick[0]) && !IsSpecial(nick[0]))
        {
            return "a nickname starts with a letter or one of []\\`_^{|}";
        }

        foreach (var c in nick)
        {
            if (!IsLetter(c) && !IsSpecial(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return "a nickname holds only letters, digits, - and []\\`_^{|}";
            }
        }

        return null;
    }

    private static bool IsLetter(char c) => char.IsAsciiLetter(c);

    private static bool IsSpecial(char c) => c is '[' or ']' or '\\' or '`' or '_' or '^' or '{' or '|' or '}';
}
