using System.Text;

namespace Piazza.Protocol;

/// <summary>The rule that tells an IRC client from a plain one by its first line (docs/protocol-irc.md).</summary>
public static class ProtocolDetector
{
    /// <summary>
    /// True when <paramref name="firstLine"/> is an IRC registration command in its IRC shape:
    /// <c>CAP LS|REQ|…</c>, <c>PASS x</c>, <c>NICK x</c> (one word), or <c>USER a b c d…</c>
    /// (four or more words), optionally after message tags. Plain chat that merely starts with
    /// "nick" or "user" in another shape stays plain.
    /// </summary>
    public static bool IsIrcRegistration(ReadOnlySpan<byte> firstLine)
    {
        var text = Encoding.UTF8.GetString(firstLine).TrimEnd('\r').Trim();
        if (text.StartsWith('@'))
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            text = space < 0 ? string.Empty : text[(space + 1)..].TrimStart();
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return false;
        }

        return words[0].ToUpperInvariant() switch
        {
            "CAP" => words.Length >= 2,
            "PASS" => words.Length >= 2,
            "NICK" => words.Length == 2,
            "USER" => words.Length >= 5 || (words.Length == 4 && words[3].StartsWith(':')),
            _ => false,
        };
    }
}
