namespace Piazza.Core;

/// <summary>
/// The one rule for room names. A room <c>dev</c> is the IRC channel <c>#dev</c>; a leading '#'
/// is accepted and dropped, so both spellings name one room.
/// </summary>
/// <remarks>
/// Stricter than IRC's channel grammar (RFC 2812 §1.3: any octet but NUL, BELL, CR, LF, SP,
/// comma and colon), so every room is a valid channel in every client:
/// <code>
///   room = [ "#" ] 1*( letter / digit / "-" / "_" / "." )
/// </code>
/// Rooms compare case-insensitively in ASCII, like nicknames.
/// </remarks>
public static class RoomName
{
    /// <summary>How room names compare: ASCII case-insensitive.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>The name without its IRC '#', as typed otherwise.</summary>
    public static string Strip(string input) => input.StartsWith('#') ? input[1..] : input;

    /// <summary>
    /// Returns null when <paramref name="input"/> names a valid room (with or without '#'),
    /// else why it does not; <paramref name="name"/> is the name without '#'.
    /// </summary>
    public static string? Validate(string input, int maxLength, out string name)
    {
        name = Strip(input);
        if (name.Length == 0)
        {
            return "a room name cannot be empty";
        }

        if (name.Length > maxLength)
        {
            return $"a room name has at most {maxLength} characters";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return "a room name holds only letters, digits, - _ and .";
            }
        }

        return null;
    }
}
