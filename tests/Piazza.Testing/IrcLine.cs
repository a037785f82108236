using System.Globalization;
using System.Text;

namespace Piazza.Testing;

/// <summary>
/// One line an IRC server sent, parsed by the tests' own small reader so that the tests do not
/// trust the server's parser (https://modern.ircdocs.horse/#message-format):
/// <code>
///   line   = [ "@" tags SP ] [ ":" source SP ] command *( SP middle ) [ SP ":" trailing ]
///   tags   = key [ "=" escaped-value ] *( ";" key [ "=" escaped-value ] )
/// </code>
/// </summary>
public sealed record IrcLine(string Raw, int ByteLength, IReadOnlyDictionary<string, string> Tags, string? Source, string Command, IReadOnlyList<string> Parameters)
{
    /// <summary>The last parameter, or "" when there is none.</summary>
    public string Last => Parameters.Count > 0 ? Parameters[^1] : string.Empty;

    /// <summary>The nick of the source (<c>nick!user@host</c> or a server name).</summary>
    public string? SourceNick => Source?.Split('!')[0];

    /// <summary>The parameter at <paramref name="index"/>, or "" when there is none.</summary>
    public string this[int index] => index < Parameters.Count ? Parameters[index] : string.Empty;

    /// <summary>
    /// True for an error reply: a numeric from 400 to 599 (the ERR_ range of RFC 2812 section 5.2),
    /// an IRCv3 standard reply <c>FAIL</c> (https://ircv3.net/specs/extensions/standard-replies),
    /// or <c>ERROR</c>, which comes before the server closes the link.
    /// </summary>
    public bool IsError =>
        Command is "FAIL" or "ERROR"
        || (Command.Length == 3 && int.TryParse(Command, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric) && numeric is >= 400 and <= 599);

    /// <summary>True for this command or numeric.</summary>
    public bool Is(string command) => string.Equals(Command, command, StringComparison.Ordinal);

    /// <summary>Parses a line received without its CR LF; <paramref name="byteLength"/> counts them.</summary>
    public static IrcLine Parse(string raw, int byteLength)
    {
        var rest = raw.AsSpan();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rest.StartsWith("@"))
        {
            foreach (var tag in NextWord(ref rest)[1..].ToString().Split(';'))
            {
                var equals = tag.IndexOf('=', StringComparison.Ordinal);
                tags[equals < 0 ? tag : tag[..equals]] = equals < 0 ? string.Empty : Unescape(tag[(equals + 1)..]);
            }
        }

        string? source = null;
        if (rest.StartsWith(":"))
        {
            source = NextWord(ref rest)[1..].ToString();
        }

        var command = NextWord(ref rest).ToString();
        var parameters = new List<string>();
        while (rest.Length > 0)
        {
            if (rest[0] == ':')
            {
                parameters.Add(rest[1..].ToString());
                break;
            }

            parameters.Add(NextWord(ref rest).ToString());
        }

        return new IrcLine(raw, byteLength, tags, source, command, parameters);
    }

    /// <inheritdoc/>
    public override string ToString() => Raw;

    /// <summary>The text up to the next space (or the end), leaving <paramref name="rest"/> after that space.</summary>
    private static ReadOnlySpan<char> NextWord(ref ReadOnlySpan<char> rest)
    {
        var space = rest.IndexOf(' ');
        var word = space < 0 ? rest : rest[..space];
        rest = space < 0 ? [] : rest[(space + 1)..];
        return word;
    }

    /// <summary>IRCv3 tag value unescaping: \: ; \s space, \\ \, \r CR, \n LF.</summary>
    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                text.Append(value[i]);
                continue;
            }

            if (i + 1 == value.Length)
            {
                break; // a lone backslash at the end is dropped
            }

            text.Append(value[++i] switch
            {
                ':' => ';',
                's' => ' ',
                'r' => '\r',
                'n' => '\n',
                var other => other,
            });
        }

        return text.ToString();
    }
}
