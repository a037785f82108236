using System.Buffers;
using System.Text;

namespace Piazza.Protocol.Irc;

/// <summary>
/// Formats the lines a server sends. Each call returns one complete line (UTF-8, ending in
/// CR LF), ready to be sent as is to any number of clients.
/// </summary>
/// <remarks>
/// Nothing here caps a line's length: a caller that sends user text splits it first with
/// <see cref="IrcText.Split"/> and <see cref="IrcText.TrailingBudget"/>.
/// </remarks>
public static class IrcWriter
{
    /// <summary>What a middle parameter that cannot be sent is written as (as Ergo's SafeErrorParam does for error replies).</summary>
    public const string Unsendable = "*";

    private static readonly SearchValues<char> LineBreakers = SearchValues.Create("\r\n\0");
    private static readonly SearchValues<char> NotInWord = SearchValues.Create(" \r\n\0");
    private static readonly SearchValues<char> NotInTagKey = SearchValues.Create(" \r\n\0;=");

    /// <summary>Formats one complete line "@tags :source COMMAND p1 p2 :last\r\n" as UTF-8 bytes.</summary>
    /// <remarks>
    /// Grammar (https://modern.ircdocs.horse/#message-format):
    /// <code>
    ///   line   = [ "@" tags SP ] [ ":" source SP ] command *( SP middle ) [ SP last ] CR LF
    ///   middle = nospcrlfcl *( ":" / nospcrlfcl )          ; not empty, no SP, no leading ":"
    ///   last   = ":" *( any char but NUL CR LF )           ; when empty, holding SP, starting
    ///          / middle                                     ;   with ":", or when trailing is set
    /// </code>
    /// Any CR, LF or NUL inside a parameter is replaced by a space first, so one call can never
    /// produce two lines. A middle parameter (any but the last) that is then empty, starts with
    /// ':' or holds a space cannot be sent without changing the message's shape, so it is written
    /// as <see cref="Unsendable"/> ("*"): this happens when a reply echoes what a client sent as a
    /// trailing parameter ("NICK :a b" answered with 432 "a b"). Text a user typed belongs in the
    /// last parameter. Parameters never make this method throw. The parts the server builds
    /// itself do: a command that is empty, starts with ':' or '@' or holds SP, CR, LF or NUL, and
    /// a source or tags holding one of those four, throw <see cref="ArgumentException"/>.
    /// An unpaired surrogate is written as U+FFFD.
    /// </remarks>
    /// <param name="tags">Null, empty, or already-escaped "key=value;key2" text without the '@' (see <see cref="FormatTags"/>).</param>
    /// <param name="source">Null, empty, or the source without its ':'.</param>
    /// <param name="command">The command or numeric.</param>
    /// <param name="parameters">The parameters; only the last may hold spaces.</param>
    /// <param name="trailing">Write the last parameter with ':' even when it does not need one.</param>
    public static byte[] Format(string? tags, string? source, string command, ReadOnlySpan<string> parameters, bool trailing = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        CheckWord(command, nameof(command));
        if (command[0] is ':' or '@')
        {
            throw new ArgumentException("A command cannot start with ':' or '@'.", nameof(command));
        }

        var hasTags = !string.IsNullOrEmpty(tags);
        var hasSource = !string.IsNullOrEmpty(source);
        CheckWord(tags, nameof(tags));
        CheckWord(source, nameof(source));

        // Each part, in order, with the text written before it.
        var parts = new (string Before, string Text)[parameters.Length + 3];
        var count = 0;
        if (hasTags)
        {
            parts[count++] = ("@", tags!);
        }

        if (hasSource)
        {
            parts[count] = (hasTags ? " :" : ":", source!);
            count++;
        }

        parts[count] = (count == 0 ? string.Empty : " ", command);
        count++;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = WithoutLineBreakers(parameters[i]);
            if (i < parameters.Length - 1)
            {
                parameter = IsMiddle(parameter) ? parameter : Unsendable;
                parts[count++] = (" ", parameter);
            }
            else
            {
                parts[count++] = (NeedsColon(parameter) || trailing ? " :" : " ", parameter);
            }
        }

        return Encode(parts.AsSpan(0, count));
    }

    /// <summary>Formats <paramref name="message"/>: its tags escaped, its last parameter with ':' only when needed.</summary>
    /// <remarks>Throws <see cref="ArgumentException"/> in the cases <see cref="Format(string?, string?, string, ReadOnlySpan{string}, bool)"/> does.</remarks>
    public static byte[] Format(IrcMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Format(FormatTags(message.Tags), message.Source, message.Command, message.ParameterSpan);
    }

    /// <summary>
    /// Joins tags as "key=escaped-value" pairs with ';', for <see cref="Format(string?, string?, string, ReadOnlySpan{string}, bool)"/>'s
    /// tags argument; null when there are none.
    /// </summary>
    /// <remarks>
    /// Grammar (https://ircv3.net/specs/extensions/message-tags#format):
    /// <code>
    ///   tags = tag *( ";" tag )
    ///   tag  = key [ "=" escaped-value ]       ; a tag whose value is "" is written as its key alone
    /// </code>
    /// The spec lets an empty value be written in the missing form ("key"), never the reverse.
    /// A key that is empty or holds SP, CR, LF, NUL, ';' or '=' throws <see cref="ArgumentException"/>;
    /// keys that <see cref="IrcParser"/> kept are always accepted. Values are escaped with
    /// <see cref="IrcTagEscaping.Escape"/>.
    /// </remarks>
    public static string? FormatTags(IEnumerable<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        StringBuilder? text = null;
        foreach (var (key, value) in tags)
        {
            if (string.IsNullOrEmpty(key) || key.AsSpan().ContainsAny(NotInTagKey))
            {
                throw new ArgumentException($"Tag key \"{key}\" is empty or holds a character a key cannot.", nameof(tags));
            }

            text = text is null ? new StringBuilder() : text.Append(';');
            text.Append(key);
            if (!string.IsNullOrEmpty(value))
            {
                text.Append('=').Append(IrcTagEscaping.Escape(value));
            }
        }

        return text?.ToString();
    }

    private static bool NeedsColon(string last) => last.Length == 0 || last[0] == ':' || last.Contains(' ', StringComparison.Ordinal);

    private static string WithoutLineBreakers(string parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!parameter.AsSpan().ContainsAny(LineBreakers))
        {
            return parameter;
        }

        return string.Create(parameter.Length, parameter, static (span, source) =>
        {
            source.AsSpan().CopyTo(span);
            span.ReplaceAny(LineBreakers, ' ');
        });
    }

    private static void CheckWord(string? word, string name)
    {
        if (word is not null && word.AsSpan().ContainsAny(NotInWord))
        {
            throw new ArgumentException($"\"{word}\" holds a space, CR, LF or NUL.", name);
        }
    }

    private static bool IsMiddle(string parameter) =>
        parameter.Length > 0 && parameter[0] != ':' && !parameter.Contains(' ', StringComparison.Ordinal);

    private static byte[] Encode(ReadOnlySpan<(string Before, string Text)> parts)
    {
        var length = 2;
        foreach (var (before, text) in parts)
        {
            length += before.Length + Encoding.UTF8.GetByteCount(text);
        }

        var bytes = new byte[length];
        var at = 0;
        foreach (var (before, text) in parts)
        {
            at += Encoding.ASCII.GetBytes(before, bytes.AsSpan(at));
            at += Encoding.UTF8.GetBytes(text, bytes.AsSpan(at));
        }

        bytes[at] = (byte)'\r';
        bytes[at + 1] = (byte)'\n';
        return bytes;
    }
}
