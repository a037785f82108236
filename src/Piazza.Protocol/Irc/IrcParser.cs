using System.Text;
using System.Text.Unicode;

namespace Piazza.Protocol.Irc;

/// <summary>What <see cref="IrcParser.TryParse"/> made of a line.</summary>
public enum IrcParseStatus
{
    /// <summary>A message, well formed as far as the grammar goes (the command is not checked).</summary>
    Ok,

    /// <summary>An empty line or one of only spaces: ignore it, as the spec says.</summary>
    Empty,

    /// <summary>The part after the tags is over <see cref="IrcParser.MaxBodyBytes"/>; no message.</summary>
    LineTooLong,

    /// <summary>The tag part is over <see cref="IrcParser.MaxClientTagBytes"/>; no message.</summary>
    TagsTooLong,

    /// <summary>Tags or a source but no command; no message.</summary>
    NoCommand,

    /// <summary>
    /// The line is not valid UTF-8. The message is still set, every bad sequence decoded as
    /// U+FFFD, so that the caller can name the command in its error reply.
    /// </summary>
    InvalidUtf8,
}

/// <summary>Parses one received IRC line into an <see cref="IrcMessage"/>. Pure, never throws on input.</summary>
public static partial class IrcParser
{
    /// <summary>Most bytes of a line's non-tag part, without CR LF (RFC 1459: 512 including CR LF).</summary>
    public const int MaxBodyBytes = 510;

    /// <summary>
    /// Most bytes of the tag part a client may send, including the leading '@' and the space after
    /// it (IRCv3 message-tags: 4094 bytes of tag data + '@' + ' ').
    /// </summary>
    public const int MaxClientTagBytes = 4096;

    /// <summary>Longest line a server reads: tags + body. The framer is configured with this.</summary>
    public const int MaxLineBytes = MaxClientTagBytes + MaxBodyBytes;

    /// <summary>
    /// Most bytes of the tag part a server may send, including the leading '@' and the space after
    /// it (IRCv3 message-tags: 8191 bytes in all, so that servers can add their own tags).
    /// </summary>
    public const int MaxServerTagBytes = 8191;

    /// <summary>Longest line a client reads: server tags + body.</summary>
    public const int MaxServerLineBytes = MaxServerTagBytes + MaxBodyBytes;

    private const byte Space = (byte)' ';
    private const byte At = (byte)'@';
    private const byte Colon = (byte)':';

    // Every parameter costs at least two bytes of the body (a space and a byte), so a body within
    // its limit never holds more than this many.
    private const int MaxParameters = (MaxBodyBytes / 2) + 1;

    /// <summary>
    /// Parses one line, without its CR LF (<see cref="Line.LineFramer"/> strips them). Never throws.
    /// </summary>
    /// <remarks>
    /// Grammar (https://modern.ircdocs.horse/#message-format, https://ircv3.net/specs/extensions/message-tags):
    /// <code>
    ///   line     = *SP [ "@" tags SPACE ] [ ":" source SPACE ] command params
    ///   tags     = tag *( ";" tag )                   ; see ParseTags
    ///   source   = 1*( any byte but SP )              ; ":" alone is no source
    ///   command  = 1*( any byte but SP )              ; letters or 3 digits: the caller checks
    ///   params   = *( SPACE middle ) [ SPACE ":" trailing ] *SP
    ///   middle   = 1*( any byte but SP )              ; not starting with ":"
    ///   trailing = *( any byte )                      ; spaces and ":" included
    ///   SPACE    = 1*SP                               ; a run of spaces is one separator
    /// </code>
    /// Limits, checked before anything is decoded: "@" tags SP at most <see cref="MaxClientTagBytes"/>
    /// (else TagsTooLong), everything else at most <see cref="MaxBodyBytes"/> (else LineTooLong).
    /// A line of only spaces is Empty, whatever its length. The grammar forbids NUL, CR and LF in a line; a bare CR or a NUL that reaches the parser is
    /// kept as content (there is no status for it): <see cref="IrcWriter"/> replaces them on the
    /// way out and <see cref="IrcFormatting.StripForPlainText"/> removes them for plain clients.
    /// Any number of parameters is kept (the spec's 15 is the caller's rule). Lower-case ASCII
    /// letters of the command are upper-cased; tags are unescaped. InvalidUtf8 is only reported
    /// for a line that otherwise parses: the other failures take precedence.
    /// </remarks>
    /// <param name="line">The line's bytes.</param>
    /// <param name="message">Set for <see cref="IrcParseStatus.Ok"/> and <see cref="IrcParseStatus.InvalidUtf8"/>, else null.</param>
    public static IrcParseStatus TryParse(ReadOnlySpan<byte> line, out IrcMessage? message) =>
        TryParse(line, MaxClientTagBytes, out message);

    /// <summary>
    /// Parses one line a server sent: as <see cref="TryParse(ReadOnlySpan{byte}, out IrcMessage?)"/>,
    /// but with the larger tag limit servers have (<see cref="MaxServerTagBytes"/>). Never throws.
    /// </summary>
    public static IrcParseStatus TryParseFromServer(ReadOnlySpan<byte> line, out IrcMessage? message) =>
        TryParse(line, MaxServerTagBytes, out message);

    private static IrcParseStatus TryParse(ReadOnlySpan<byte> line, int maxTagBytes, out IrcMessage? message)
    {
        message = null;
        var at = SkipSpaces(line, 0);
        if (at == line.Length)
        {
            return IrcParseStatus.Empty;
        }

        var tagData = ReadOnlySpan<byte>.Empty;
        var tagBytes = 0;
        if (line[at] == At)
        {
            var end = EndOfWord(line, at);
            tagData = line[(at + 1)..end];
            tagBytes = end - at + (end < line.Length ? 1 : 0);
            if (tagBytes > maxTagBytes)
            {
                return IrcParseStatus.TagsTooLong;
            }

            at = SkipSpaces(line, end);
        }

        if (line.Length - tagBytes > MaxBodyBytes)
        {
            return IrcParseStatus.LineTooLong;
        }

        string? source = null;
        if (at < line.Length && line[at] == Colon)
        {
            var end = EndOfWord(line, at);
            source = end - at > 1 ? Encoding.UTF8.GetString(line[(at + 1)..end]) : null;
            at = SkipSpaces(line, end);
        }

        if (at == line.Length)
        {
            return IrcParseStatus.NoCommand;
        }

        var commandEnd = EndOfWord(line, at);
        var command = DecodeCommand(line[at..commandEnd]);
        var parameters = ParseParameters(line, commandEnd);
        var tags = ParseTags(tagData);
        message = IrcMessage.Owned(tags, source, command, parameters);
        return Utf8.IsValid(line) ? IrcParseStatus.Ok : IrcParseStatus.InvalidUtf8;
    }

    private static string[] ParseParameters(ReadOnlySpan<byte> line, int at)
    {
        Span<Range> ranges = stackalloc Range[MaxParameters];
        var count = 0;
        while (true)
        {
            at = SkipSpaces(line, at);
            if (at == line.Length)
            {
                break;
            }

            if (line[at] == Colon)
            {
                ranges[count++] = new Range(at + 1, line.Length);
                break;
            }

            var end = EndOfWord(line, at);
            ranges[count++] = new Range(at, end);
            at = end;
        }

        if (count == 0)
        {
            return [];
        }

        var parameters = new string[count];
        for (var i = 0; i < count; i++)
        {
            parameters[i] = Encoding.UTF8.GetString(line[ranges[i]]);
        }

        return parameters;
    }

    private static string DecodeCommand(ReadOnlySpan<byte> bytes)
    {
        // UTF-8 never decodes to more UTF-16 chars than it has bytes, U+FFFD included.
        Span<char> chars = stackalloc char[MaxBodyBytes];
        var length = Encoding.UTF8.GetChars(bytes, chars);
        var command = chars[..length];
        for (var i = 0; i < command.Length; i++)
        {
            if (char.IsAsciiLetterLower(command[i]))
            {
                command[i] = (char)(command[i] - 32);
            }
        }

        return command.ToString();
    }

    private static int SkipSpaces(ReadOnlySpan<byte> line, int at)
    {
        var skipped = line[at..].IndexOfAnyExcept(Space);
        return skipped < 0 ? line.Length : at + skipped;
    }

    private static int EndOfWord(ReadOnlySpan<byte> line, int at)
    {
        var length = line[at..].IndexOf(Space);
        return length < 0 ? line.Length : at + length;
    }
}
