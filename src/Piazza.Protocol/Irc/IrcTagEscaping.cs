using System.Buffers;
using System.Text;

namespace Piazza.Protocol.Irc;

/// <summary>Escaping of tag values (https://ircv3.net/specs/extensions/message-tags#escaping-values).</summary>
/// <remarks>
/// <code>
///   escaped_value = *( escaped / char )                  ; char: any but NUL CR LF ";" SP "\"
///   escaped       = "\:" / "\s" / "\\" / "\r" / "\n"     ; ";"  SP  "\"  CR  LF
/// </code>
/// </remarks>
public static class IrcTagEscaping
{
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create("; \\\r\n\0");

    /// <summary>
    /// Escapes a tag value: ';' → <c>\:</c>, SP → <c>\s</c>, '\' → <c>\\</c>, CR → <c>\r</c>,
    /// LF → <c>\n</c>. NUL has no escape and may not appear in a value, so it is dropped.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var first = value.AsSpan().IndexOfAny(NeedsEscape);
        if (first < 0)
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 8);
        escaped.Append(value.AsSpan(0, first));
        foreach (var c in value.AsSpan(first))
        {
            _ = c switch
            {
                ';' => escaped.Append("\\:"),
                ' ' => escaped.Append("\\s"),
                '\\' => escaped.Append("\\\\"),
                '\r' => escaped.Append("\\r"),
                '\n' => escaped.Append("\\n"),
                '\0' => escaped,
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>
    /// Unescapes a tag value as sent. Never throws: an unknown escape <c>\x</c> becomes <c>x</c>
    /// and a lone '\' at the end is dropped, as the spec says.
    /// </summary>
    public static string Unescape(ReadOnlySpan<char> value)
    {
        var first = value.IndexOf('\\');
        if (first < 0)
        {
            return value.ToString();
        }

        var unescaped = new StringBuilder(value.Length);
        unescaped.Append(value[..first]);
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\')
            {
                unescaped.Append(c);
                continue;
            }

            if (++i == value.Length)
            {
                break;
            }

            unescaped.Append(value[i] switch
            {
                ':' => ';',
                's' => ' ',
                'r' => '\r',
                'n' => '\n',
                var other => other,
            });
        }

        return unescaped.ToString();
    }
}
