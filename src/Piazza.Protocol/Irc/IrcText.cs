using System.Buffers;
using System.Text;

namespace Piazza.Protocol.Irc;

/// <summary>Measuring and splitting text to fit in IRC lines.</summary>
public static class IrcText
{
    /// <summary>The smallest <c>maxBytes</c> <see cref="Split"/> accepts: one 4-byte UTF-8 character.</summary>
    public const int MinSplitBytes = 4;

    /// <summary>
    /// Splits <paramref name="text"/> into pieces of at most <paramref name="maxBytes"/> UTF-8 bytes.
    /// </summary>
    /// <remarks>
    /// A piece never ends inside a UTF-8 sequence or a surrogate pair (grapheme clusters, such as
    /// an emoji with a skin tone, may be split). When a piece must be cut and a space lies in its
    /// last quarter, it is cut after that space, so the space ends the earlier piece; otherwise
    /// it is cut at the last whole character that fits. The pieces, concatenated, are exactly
    /// <paramref name="text"/>. No piece is empty, except the one piece of an empty text.
    /// An unpaired surrogate counts as 3 bytes, as it is written as U+FFFD.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is below <see cref="MinSplitBytes"/>, so a character might not fit.</exception>
    public static IReadOnlyList<string> Split(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, MinSplitBytes);
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return [text];
        }

        var pieces = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            var bytes = 0;
            var afterSpace = -1;
            var bytesAfterSpace = 0;
            while (end < text.Length)
            {
                var width = CharWidth(text, end, out var chars);
                if (bytes + width > maxBytes)
                {
                    break;
                }

                bytes += width;
                end += chars;
                if (text[end - 1] == ' ')
                {
                    afterSpace = end;
                    bytesAfterSpace = bytes;
                }
            }

            // A cut (not the end of the text) with a space in the last quarter: cut after it.
            if (end < text.Length && afterSpace > start && bytesAfterSpace * 4 >= bytes * 3)
            {
                end = afterSpace;
            }

            pieces.Add(text[start..end]);
            start = end;
        }

        return pieces;
    }

    /// <summary>
    /// The longest start of <paramref name="text"/> that takes at most <paramref name="maxBytes"/>
    /// UTF-8 bytes, cut at a character boundary (never inside a UTF-8 sequence or a surrogate
    /// pair); the text itself when it fits, empty when <paramref name="maxBytes"/> is not positive.
    /// </summary>
    /// <remarks>
    /// For text that must arrive as one line (an IRC client's PRIVMSG relayed to other IRC
    /// clients, whose relayed line gains the sender's source): unlike <see cref="Split"/>, the rest is dropped, as other servers do
    /// (https://modern.ircdocs.horse/#message-format: a line is at most 512 bytes).
    /// An unpaired surrogate counts as 3 bytes, as it is written as U+FFFD.
    /// </remarks>
    public static string Truncate(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var end = 0;
        var bytes = 0;
        while (end < text.Length)
        {
            var width = CharWidth(text, end, out var chars);
            if (bytes + width > maxBytes)
            {
                break;
            }

            bytes += width;
            end += chars;
        }

        return text[..end];
    }

    /// <summary>The number of bytes <paramref name="text"/> takes as UTF-8 (an unpaired surrogate: 3, as U+FFFD).</summary>
    public static int Utf8Length(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encoding.UTF8.GetByteCount(text);
    }

    /// <summary>
    /// The bytes a line may still spend on its last parameter: <see cref="IrcParser.MaxBodyBytes"/> (510)
    /// minus the UTF-8 bytes of its fixed part ":source COMMAND middle1 ... middleN :", that is
    /// ":" + source + " " when there is a source, the command, " " + each middle parameter, and
    /// the " :" before the last parameter. Tags are not counted (they have their own budget).
    /// </summary>
    /// <remarks>
    /// For a message relayed to others, pass the source the receivers will see
    /// ("nick!user@host"), not the one the sender wrote. The ':' is always counted, so a last
    /// parameter of this many bytes fits whether or not the writer needs it. The result may be
    /// zero or negative when the fixed part alone is too long.
    /// </remarks>
    public static int TrailingBudget(string? source, string command, ReadOnlySpan<string> middleParameters)
    {
        ArgumentNullException.ThrowIfNull(command);
        var used = Utf8Length(command) + 2;
        if (!string.IsNullOrEmpty(source))
        {
            used += Utf8Length(source) + 2;
        }

        foreach (var parameter in middleParameters)
        {
            used += Utf8Length(parameter) + 1;
        }

        return IrcParser.MaxBodyBytes - used;
    }

    /// <summary>
    /// <paramref name="text"/> with every control character — C0 (U+0000 to U+001F, TAB
    /// included), DEL and C1 (U+0080 to U+009F) — replaced by U+FFFD, for a reply that echoes what
    /// a client sent (an unknown command, a bad nick or channel): the echo never carries a raw
    /// ESC, BEL or formatting code back to the client's terminal. Text that is not an echo, such
    /// as a message or a topic, keeps its formatting and is not passed through this.
    /// </summary>
    public static string ForEcho(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.AsSpan().ContainsAny(Controls))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            source.AsSpan().CopyTo(span);
            span.ReplaceAny(Controls, '\uFFFD');
        });
    }

    private static readonly SearchValues<char> Controls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), '\u007F', .. Enumerable.Range(0x80, 0x20).Select(c => (char)c)]);

    private static int CharWidth(string text, int at, out int chars)
    {
        var c = text[at];
        chars = 1;
        if (c < 0x80)
        {
            return 1;
        }

        if (c < 0x800)
        {
            return 2;
        }

        if (char.IsHighSurrogate(c) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))
        {
            chars = 2;
            return 4;
        }

        return 3;
    }
}
