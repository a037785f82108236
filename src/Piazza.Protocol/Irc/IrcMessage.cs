using System.Collections.ObjectModel;
using System.Text;

namespace Piazza.Protocol.Irc;

/// <summary>
/// A parsed IRC message (https://modern.ircdocs.horse/#messages), with IRCv3 tags
/// (https://ircv3.net/specs/extensions/message-tags). Immutable.
/// </summary>
/// <remarks>
/// A trailing parameter (one written after " :") is not told apart from a middle one: the
/// spec says it "MUST NOT be treated specially or stored separately once the ':' is stripped".
/// </remarks>
public sealed class IrcMessage
{
    private static readonly IReadOnlyDictionary<string, string> NoTags = ReadOnlyDictionary<string, string>.Empty;

    private readonly string[] _parameters;

    /// <summary>
    /// Creates a message. The parameters and tags are copied; ASCII letters of the command are
    /// upper-cased, as the parser does; an empty source is no source.
    /// </summary>
    public IrcMessage(
        string command,
        IReadOnlyList<string> parameters,
        IReadOnlyDictionary<string, string>? tags = null,
        string? source = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(parameters);
        Command = UpperAscii(command);
        _parameters = new string[parameters.Count];
        for (var i = 0; i < _parameters.Length; i++)
        {
            _parameters[i] = parameters[i] ?? throw new ArgumentException($"Parameter {i} is null.", nameof(parameters));
        }

        Tags = tags is null || tags.Count == 0
            ? NoTags
            : new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(tags, StringComparer.Ordinal));
        Source = string.IsNullOrEmpty(source) ? null : source;
    }

    // In wire order, so that it cannot be mistaken for the public constructor: takes ownership of
    // what it is given and copies nothing.
    private IrcMessage(IReadOnlyDictionary<string, string> tags, string? source, string command, string[] parameters)
    {
        Tags = tags;
        Source = source;
        Command = command;
        _parameters = parameters;
    }

    /// <summary>The tags, values unescaped; a tag sent without a value has "". Never null.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>The source ("nick!user@host" or a server name) without the ':'; null when absent.</summary>
    public string? Source { get; }

    /// <summary>The command with its ASCII letters upper-cased, or a numeric as its digits.</summary>
    public string Command { get; }

    /// <summary>The middle parameters, then the trailing one (without its ':'), in order.</summary>
    public IReadOnlyList<string> Parameters => _parameters;

    /// <summary>The parameters without a copy, for the writer.</summary>
    internal ReadOnlySpan<string> ParameterSpan => _parameters;

    /// <summary>
    /// A readable one-line rendering for logs and test output. It is not the wire form (tag
    /// values are shown unescaped, nothing is checked): use <see cref="IrcWriter.Format(IrcMessage)"/> for that.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Tags.Count > 0)
        {
            text.Append('@').AppendJoin(';', Tags.Select(static tag => tag.Key + "=" + tag.Value)).Append(' ');
        }

        if (Source is not null)
        {
            text.Append(':').Append(Source).Append(' ');
        }

        text.Append(Command);
        for (var i = 0; i < Parameters.Count; i++)
        {
            text.Append(i == Parameters.Count - 1 ? " :" : " ").Append(Parameters[i]);
        }

        return text.ToString();
    }

    /// <summary>The parser's factory: the command is already upper-cased, nothing is copied.</summary>
    internal static IrcMessage Owned(Dictionary<string, string>? tags, string? source, string command, string[] parameters) =>
        new(tags is null || tags.Count == 0 ? NoTags : new ReadOnlyDictionary<string, string>(tags), source, command, parameters);

    private static string UpperAscii(string command)
    {
        foreach (var c in command)
        {
            if (char.IsAsciiLetterLower(c))
            {
                return string.Create(command.Length, command, static (span, source) =>
                {
                    for (var i = 0; i < source.Length; i++)
                    {
                        var c = source[i];
                        span[i] = char.IsAsciiLetterLower(c) ? (char)(c - 32) : c;
                    }
                });
            }
        }

        return command;
    }
}
