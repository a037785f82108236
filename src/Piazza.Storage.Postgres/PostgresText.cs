using System.Text;

namespace Piazza.Storage.Postgres;

/// <summary>
/// Text as PostgreSQL can hold it. Its <c>text</c> cannot hold U+0000, and Npgsql refuses to
/// encode a lone UTF-16 surrogate: either in one row would fail its whole batch, again at every
/// retry, and stop history for everyone. So both become U+FFFD, the replacement character, as
/// invalid UTF-8 from a client already does (IRC forbids NUL in a line; nothing legitimate has one).
/// </summary>
internal static class PostgresText
{
    /// <summary><paramref name="text"/> with NUL and lone surrogates replaced; the same string when it has none (no allocation).</summary>
    public static string Clean(string text)
    {
        var i = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                break;
            }
        }

        if (i == text.Length)
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            // EnumerateRunes yields U+FFFD for a lone surrogate.
            clean.Append(rune.Value == 0 ? Rune.ReplacementChar : rune);
        }

        return clean.ToString();
    }
}
