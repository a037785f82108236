using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Piazza.Server.WebSockets;

/// <summary>
/// The session's output, as WebSocket messages: one IRC line per message, without its CR LF (the
/// spec: "each message MUST consist of a single IRC line … MUST NOT include trailing \r or \n").
/// Pure: no I/O, never throws on input.
/// </summary>
internal static class WebSocketLines
{
    private const byte Lf = (byte)'\n';
    private const byte Cr = (byte)'\r';

    /// <summary>
    /// Takes the next complete line (up to LF, without it and without a CR before it) off the front
    /// of <paramref name="buffer"/>; false when no LF is left (the rest waits for more bytes).
    /// Empty lines come back empty; the caller skips them.
    /// </summary>
    public static bool TryTake(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var lf = buffer.PositionOf(Lf);
        if (lf is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, lf.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, lf.Value));
        if (!line.IsEmpty && EndsWithCr(line))
        {
            line = line.Slice(0, line.Length - 1);
        }

        return true;
    }

    /// <summary>
    /// The bytes of a text message: <paramref name="line"/> itself when it is UTF-8, else with each
    /// invalid sequence replaced by U+FFFD (the spec: servers "MUST NOT relay non-UTF-8 content to
    /// clients using text messages … MAY replace non-UTF-8 bytes with … U+FFFD"), so a browser never
    /// drops the connection over one bad line.
    /// </summary>
    public static ReadOnlyMemory<byte> AsText(ReadOnlyMemory<byte> line) =>
        Utf8.IsValid(line.Span) ? line : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(line.Span));

    private static bool EndsWithCr(in ReadOnlySequence<byte> line)
    {
        var last = line.Slice(line.Length - 1);
        return last.FirstSpan[0] == Cr;
    }
}
