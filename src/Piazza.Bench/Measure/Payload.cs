namespace Piazza.Bench.Measure;

/// <summary>What a benchmark message carries: its phase, its sender, its number and when it was due.</summary>
/// <param name="Phase">The measured window or saturation step it belongs to (0–255).</param>
/// <param name="Sender">The sending client's index (below 2^24).</param>
/// <param name="Sequence">The sender's message number, from 0, without gaps.</param>
/// <param name="Timestamp">When it was due to be sent, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
internal readonly record struct PayloadHeader(int Phase, int Sender, uint Sequence, long Timestamp);

/// <summary>What <see cref="Payload.TryFind"/> found in a line.</summary>
internal enum PayloadStatus
{
    /// <summary>No benchmark message in the line: a server notice, a reply, a join.</summary>
    None,

    /// <summary>A benchmark message.</summary>
    Found,

    /// <summary>The marker is there but the fields are cut or garbled (e.g. a line split by the server).</summary>
    Malformed,
}

/// <summary>
/// The text of a benchmark message, the same in every protocol, so it can be found in any line
/// (after "[nick] ", ":nick!u@h PRIVMSG #room :" or in a RESP bulk string):
/// <code>
/// payload = "~pz" phase sender sequence timestamp [ padding ]
/// phase = 2HEXDIG ; sender = 6HEXDIG ; sequence = 8HEXDIG ; timestamp = 16HEXDIG
/// padding = *"x"  ; up to the requested size
/// </code>
/// Printable ASCII without spaces, so every server relays it untouched; lower-case hex.
/// </summary>
internal static class Payload
{
    /// <summary>Bytes of the marker and the fixed fields: the smallest payload.</summary>
    public const int HeaderBytes = 3 + 2 + 6 + 8 + 16;

    /// <summary>The largest payload the bench writes (well under every server's line limit).</summary>
    public const int MaxBytes = 400;

    private static ReadOnlySpan<byte> Marker => "~pz"u8;

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    /// <summary>Writes a payload of exactly <paramref name="size"/> bytes; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, in PayloadHeader header, int size)
    {
        size = Math.Clamp(size, HeaderBytes, MaxBytes);
        Marker.CopyTo(destination);
        WriteHex(destination.Slice(3, 2), (ulong)header.Phase);
        WriteHex(destination.Slice(5, 6), (ulong)header.Sender);
        WriteHex(destination.Slice(11, 8), header.Sequence);
        WriteHex(destination.Slice(19, 16), (ulong)header.Timestamp);
        destination[HeaderBytes..size].Fill((byte)'x');
        return size;
    }

    /// <summary>Finds and reads the payload in a received line.</summary>
    public static PayloadStatus TryFind(ReadOnlySpan<byte> line, out PayloadHeader header)
    {
        header = default;
        var at = line.IndexOf(Marker);
        if (at < 0)
        {
            return PayloadStatus.None;
        }

        var fields = line[(at + 3)..];
        if (fields.Length < HeaderBytes - 3
            || !TryReadHex(fields[..2], out var phase)
            || !TryReadHex(fields.Slice(2, 6), out var sender)
            || !TryReadHex(fields.Slice(8, 8), out var sequence)
            || !TryReadHex(fields.Slice(16, 16), out var timestamp))
        {
            return PayloadStatus.Malformed;
        }

        header = new PayloadHeader((int)phase, (int)sender, (uint)sequence, (long)timestamp);
        return PayloadStatus.Found;
    }

    private static void WriteHex(Span<byte> destination, ulong value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = HexDigits[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    private static bool TryReadHex(ReadOnlySpan<byte> digits, out ulong value)
    {
        value = 0;
        foreach (var c in digits)
        {
            int nibble;
            if (c is >= (byte)'0' and <= (byte)'9')
            {
                nibble = c - '0';
            }
            else if (c is >= (byte)'a' and <= (byte)'f')
            {
                nibble = c - 'a' + 10;
            }
            else
            {
                return false;
            }

            value = (value << 4) | (uint)nibble;
        }

        return true;
    }
}
