using System.Text;

namespace Piazza.Protocol.Irc;

/// <summary>mIRC formatting codes (https://modern.ircdocs.horse/formatting).</summary>
public static class IrcFormatting
{
    private const char Bold = '\u0002';
    private const char Colour = '\u0003';
    private const char HexColour = '\u0004';
    private const char Reset = '\u000F';
    private const char Monospace = '\u0011';
    private const char Reverse = '\u0016';
    private const char Italic = '\u001D';
    private const char Strikethrough = '\u001E';
    private const char Underline = '\u001F';

    /// <summary>
    /// Removes formatting, then every control character left but TAB, so the text is safe for a
    /// plain terminal.
    /// </summary>
    /// <remarks>
    /// Grammar (https://modern.ircdocs.horse/formatting):
    /// <code>
    ///   toggle     = %x02 / %x0F / %x11 / %x16 / %x1D / %x1E / %x1F   ; removed
    ///   colour     = %x03 [ 1*2DIGIT [ "," 1*2DIGIT ] ]               ; removed whole
    ///   hex-colour = %x04 [ 6HEXDIG [ "," 6HEXDIG ] ]                 ; removed whole
    /// </code>
    /// A comma not followed by a colour is text ("\x0304,x" gives ",x"; "\x03,12" gives ",12",
    /// since a background needs a foreground); two digits are always read when there are two.
    /// What remains of C0 (U+0000 to U+001F, but TAB), DEL and C1 (U+0080 to U+009F) is then
    /// removed, ESC and CR and LF included.
    /// </remarks>
    public static string StripForPlainText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!NeedsStripping(text))
        {
            return text;
        }

        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case Colour:
                    i = SkipColour(text, i + 1, char.IsAsciiDigit, 1, 2) - 1;
                    break;
                case HexColour:
                    i = SkipColour(text, i + 1, char.IsAsciiHexDigit, 6, 6) - 1;
                    break;
                case Bold or Reset or Monospace or Reverse or Italic or Strikethrough or Underline:
                    break;
                default:
                    if (!IsControl(c))
                    {
                        plain.Append(c);
                    }

                    break;
            }
        }

        return plain.ToString();
    }

    private static bool NeedsStripping(string text)
    {
        foreach (var c in text)
        {
            if (IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsControl(char c) => (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F);

    /// <summary>Skips "fg[,bg]" after a colour code; returns the index after what it took.</summary>
    private static int SkipColour(string text, int at, Func<char, bool> isDigit, int minDigits, int maxDigits)
    {
        var foreground = CountDigits(text, at, isDigit, minDigits, maxDigits);
        if (foreground == 0)
        {
            return at;
        }

        at += foreground;
        if (at < text.Length && text[at] == ',')
        {
            var background = CountDigits(text, at + 1, isDigit, minDigits, maxDigits);
            if (background > 0)
            {
                at += 1 + background;
            }
        }

        return at;
    }

    /// <summary>How many of the next characters form a colour: 0 unless at least <paramref name="minDigits"/>.</summary>
    private static int CountDigits(string text, int at, Func<char, bool> isDigit, int minDigits, int maxDigits)
    {
        var count = 0;
        while (count < maxDigits && at + count < text.Length && isDigit(text[at + count]))
        {
            count++;
        }

        return count >= minDigits ? count : 0;
    }
}
