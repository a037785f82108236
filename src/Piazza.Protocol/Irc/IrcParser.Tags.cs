using System.Text;

namespace Piazza.Protocol.Irc;

public static partial class IrcParser
{
    private const byte Semicolon = (byte)';';
    private const byte EqualsSign = (byte)'=';
    private const byte Backslash = (byte)'\\';

    /// <summary>Parses the tag data between the '@' and the space; null when there is none.</summary>
    /// <remarks>
    /// Grammar (https://ircv3.net/specs/extensions/message-tags#format):
    /// <code>
    ///   tags          = tag *( ";" tag )
    ///   tag           = key [ "=" escaped-value ]       ; "key" and "key=" both give ""
    ///   key           = [ "+" ] [ vendor "/" ] 1*( ALPHA / DIGIT / "-" )
    ///   vendor        = host                            ; letters, digits, "-", "."
    ///   escaped-value = *( any byte but ";" )           ; unescaped by IrcTagEscaping.Unescape
    /// </code>
    /// A tag whose key is empty or holds any other character is dropped, so every key kept is
    /// safe to relay with <see cref="IrcWriter.FormatTags"/>. When a key repeats, the last one
    /// wins, as the spec says.
    /// </remarks>
    private static Dictionary<string, string>? ParseTags(ReadOnlySpan<byte> data)
    {
        Dictionary<string, string>? tags = null;
        while (!data.IsEmpty)
        {
            var end = data.IndexOf(Semicolon);
            var tag = end < 0 ? data : data[..end];
            data = end < 0 ? [] : data[(end + 1)..];

            var equals = tag.IndexOf(EqualsSign);
            var key = equals < 0 ? tag : tag[..equals];
            if (!IsValidKey(key))
            {
                continue;
            }

            var value = equals < 0 ? string.Empty : DecodeValue(tag[(equals + 1)..]);
            tags ??= new Dictionary<string, string>(StringComparer.Ordinal);
            tags[Encoding.ASCII.GetString(key)] = value;
        }

        return tags;
    }

    private static string DecodeValue(ReadOnlySpan<byte> value)
    {
        var text = Encoding.UTF8.GetString(value);
        return value.Contains(Backslash) ? IrcTagEscaping.Unescape(text) : text;
    }

    private static bool IsValidKey(ReadOnlySpan<byte> key)
    {
        if (!key.IsEmpty && key[0] == (byte)'+')
        {
            key = key[1..];
        }

        if (key.IsEmpty || key[^1] == (byte)'/')
        {
            return false;
        }

        foreach (var b in key)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b == (byte)'-' || b == (byte)'.' || b == (byte)'/'))
            {
                return false;
            }
        }

        return true;
    }
}
