using System.Buffers;

namespace Piazza.Protocol.Line;

/// <summary>What <see cref="LineFramer.TryRead"/> found in the buffer.</summary>
public enum LineStatus
{
    /// <summary>No complete line yet; everything unread stays in the buffer.</summary>
    NeedMoreData,

    /// <summary>A complete line, without its CR LF or LF.</summary>
    Line,

    /// <summary>
    /// A line longer than the limit. Its bytes are discarded up to and including the next LF,
    /// however long that takes; this status is reported once per overlong line.
    /// </summary>
    TooLong,
}

/// <summary>
/// Splits a byte stream into lines, with a cap on line length, without allocating.
/// </summary>
/// <remarks>
/// Grammar (docs/protocol-plain.md):
/// <code>
///   stream = *line
///   line   = *octet [ CR ] LF      ; octet: any byte but LF; content at most MaxLineBytes
/// </code>
/// A bare CR inside a line is content (the text validator rejects it later). A partial line at
/// the end of the stream is never returned: the caller drops it with the connection.
/// The framer keeps only one bit of state (discarding an overlong line), so it is a struct that
/// the read loop owns; it never throws on input.
/// </remarks>
public struct LineFramer
{
    private const byte Lf = (byte)'\n';
    private const byte Cr = (byte)'\r';

    private readonly int _maxLineBytes;
    private bool _discarding;

    /// <param name="maxLineBytes">The longest line content accepted, in bytes, without CR LF.</param>
    public LineFramer(int maxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _maxLineBytes = maxLineBytes;
        _discarding = false;
    }

    /// <summary>True while the rest of an overlong line is being skipped.</summary>
    public readonly bool IsDiscarding => _discarding;

    /// <summary>
    /// Reads the next line from <paramref name="buffer"/>, advancing it past what was consumed.
    /// </summary>
    /// <param name="buffer">Unread input; on return, starts after the consumed bytes.</param>
    /// <param name="line">The line content when the result is <see cref="LineStatus.Line"/>.</param>
    public LineStatus TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        line = default;
        while (true)
        {
            var lf = buffer.PositionOf(Lf);
            if (_discarding)
            {
                if (lf is null)
                {
                    buffer = buffer.Slice(buffer.End);
                    return LineStatus.NeedMoreData;
                }

                buffer = buffer.Slice(buffer.GetPosition(1, lf.Value));
                _discarding = false;
                continue;
            }

            if (lf is null)
            {
                // Content plus a CR that may still be followed by LF: anything beyond is overlong.
                if (buffer.Length > _maxLineBytes + 1)
                {
                    buffer = buffer.Slice(buffer.End);
                    _discarding = true;
                    return LineStatus.TooLong;
                }

                return LineStatus.NeedMoreData;
            }

            var content = buffer.Slice(0, lf.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, lf.Value));
            if (!content.IsEmpty && EndsWithCr(content))
            {
                content = content.Slice(0, content.Length - 1);
            }

            if (content.Length > _maxLineBytes)
            {
                return LineStatus.TooLong;
            }

            line = content;
            return LineStatus.Line;
        }
    }

    private static bool EndsWithCr(in ReadOnlySequence<byte> content)
    {
        if (content.IsSingleSegment)
        {
            return content.FirstSpan[^1] == Cr;
        }

        return content.Slice(content.Length - 1).FirstSpan[0] == Cr;
    }
}
