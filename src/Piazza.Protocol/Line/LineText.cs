using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Piazza.Protocol.Line;

/// <summary>Why a received line was refused.</summary>
public enum LineTextError
{
    /// <summary>The line is acceptable text.</summary>
    None,

    /// <summary>The bytes are not well-formed UTF-8.</summary>
    InvalidUtf8,

    /// <summary>
    /// The line holds a control character: C0 other than TAB, DEL, or C1. They are refused
    /// because they reach other people's terminals (ESC starts escape sequences, NUL truncates).
    /// </summary>
    ControlCharacter,
}

/// <summary>Decodes and checks one received line of the plain protocol.</summary>
public static class LineText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// Decodes <paramref name="line"/> as strict UTF-8 and rejects control characters.
    /// Never throws on input.
    /// </summary>
    public static LineTextError TryDecode(in ReadOnlySequence<byte> line, out string text)
    {
        text = string.Empty;
        if (line.IsEmpty)
        {
            return LineTextError.None;
        }

        if (line.IsSingleSegment)
        {
            return TryDecode(line.FirstSpan, out text);
        }

        // Lines are capped well below the stack limit by the framer, but the caller decides the cap.
        var length = checked((int)line.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            line.CopyTo(rented);
            return TryDecode(rented.AsSpan(0, length), out text);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc cref="TryDecode(in ReadOnlySequence{byte}, out string)"/>
    public static LineTextError TryDecode(ReadOnlySpan<byte> line, out string text)
    {
        text = string.Empty;
        if (!Utf8.IsValid(line))
        {
            return LineTextError.InvalidUtf8;
        }

        text = StrictUtf8.GetString(line);
        return ContainsControl(text) ? LineTextError.ControlCharacter : LineTextError.None;
    }

    /// <summary>True when <paramref name="text"/> holds a character this protocol refuses.</summary>
    public static bool ContainsControl(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if ((c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F))
            {
                return true;
            }
        }

        return false;
    }
}
