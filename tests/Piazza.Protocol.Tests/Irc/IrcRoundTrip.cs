using System.Text;

using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

/// <summary>
/// The property every parsed line must have: formatting what was parsed and parsing that again
/// gives the same message, up to what the writer is documented to change.
/// </summary>
internal static class IrcRoundTrip
{
    /// <summary>Parses <paramref name="line"/>; when it gave a message, checks the round trip.</summary>
    /// <remarks>A failure names the input in hex, ready to be pasted into the corpus.</remarks>
    public static IrcParseStatus Check(byte[] line)
    {
        try
        {
            return CheckUnlabelled(line);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            Assert.Fail($"Input {IrcTestData.ToHex(line)}: {failure}");
            throw;
        }
    }

    private static IrcParseStatus CheckUnlabelled(ReadOnlySpan<byte> line)
    {
        var status = IrcParser.TryParse(line, out var message);
        IrcParserTests.AssertConsistent(status, message);
        if (message is null)
        {
            return status;
        }

        if (!CanFormat(message.Command) || message.Command[0] is ':' or '@' || (message.Source is not null && !CanFormat(message.Source)))
        {
            // The command and source are the server's own: the writer refuses bad ones. The parser
            // takes any word as the command ("@x" after a source, say): the caller answers 421.
            Assert.Throws<ArgumentException>(() => IrcWriter.Format(message));
            return status;
        }

        var formatted = IrcWriter.Format(message);
        Assert.Equal("\r\n"u8.ToArray(), formatted[^2..]);
        Assert.Equal(-1, formatted.AsSpan(0, formatted.Length - 2).IndexOfAny("\r\n\0"u8));

        var reparsedStatus = IrcParser.TryParse(formatted.AsSpan(0, formatted.Length - 2), out var reparsed);
        var (tagBytes, bodyBytes) = Sizes(formatted);
        if (tagBytes > IrcParser.MaxClientTagBytes)
        {
            // Escaping can grow a value past the client limit (a raw CR becomes "\r").
            Assert.Equal(IrcParseStatus.TagsTooLong, reparsedStatus);
            return status;
        }

        if (bodyBytes > IrcParser.MaxBodyBytes)
        {
            Assert.Equal(IrcParseStatus.LineTooLong, reparsedStatus);
            return status;
        }

        Assert.Equal(IrcParseStatus.Ok, reparsedStatus);
        IrcTestData.AssertSameMessage(AsWritten(message), reparsed!);
        return status;
    }

    /// <summary>What the writer makes of a message: CR, LF, NUL → SP in parameters, bad middles → "*", NUL dropped from tag values.</summary>
    public static IrcMessage AsWritten(IrcMessage message)
    {
        var parameters = message.Parameters.Select(static p => p.Replace('\r', ' ').Replace('\n', ' ').Replace('\0', ' ')).ToArray();
        for (var i = 0; i < parameters.Length - 1; i++)
        {
            var p = parameters[i];
            if (p.Length == 0 || p[0] == ':' || p.Contains(' ', StringComparison.Ordinal))
            {
                parameters[i] = IrcWriter.Unsendable;
            }
        }

        var tags = message.Tags.ToDictionary(static t => t.Key, static t => t.Value.Replace("\0", string.Empty, StringComparison.Ordinal), StringComparer.Ordinal);
        return new IrcMessage(message.Command, parameters, tags, message.Source);
    }

    /// <summary>Bytes of the tag part ("@…" and its space) and of the rest, without CR LF.</summary>
    public static (int Tags, int Body) Sizes(byte[] formatted)
    {
        var length = formatted.Length - 2;
        var tags = formatted[0] == (byte)'@' ? formatted.AsSpan(0, length).IndexOf((byte)' ') + 1 : 0;
        return (tags, length - tags);
    }

    private static bool CanFormat(string word) => word.AsSpan().IndexOfAny(" \r\n\0") < 0 && Encoding.UTF8.GetByteCount(word) > 0;
}
