using System.Buffers;
using System.Text;

using Piazza.Protocol.Line;

namespace Piazza.Protocol.Tests;

/// <summary>One result of <see cref="LineFramer.TryRead"/>: a line (as Latin-1, byte for byte) or TooLong.</summary>
internal readonly record struct Framed(LineStatus Status, string Content)
{
    public static Framed Line(string content) => new(LineStatus.Line, content);

    public static Framed TooLong => new(LineStatus.TooLong, string.Empty);
}

/// <summary>The outcome of feeding a framer: what it returned, what it left unread, its final state.</summary>
internal sealed record FramerResult(IReadOnlyList<Framed> Results, byte[] Unread, bool IsDiscarding);

/// <summary>
/// Drives a <see cref="LineFramer"/> the way a pipe read loop does: the unread bytes stay as
/// they were (segments and all) and each new chunk is appended as a further segment.
/// </summary>
internal static class FramerRun
{
    public static FramerResult Feed(int maxLineBytes, params byte[][] chunks)
    {
        var framer = new LineFramer(maxLineBytes);
        var results = new List<Framed>();
        var unread = new List<ReadOnlyMemory<byte>>();
        foreach (var chunk in chunks)
        {
            unread.Add(chunk);
            var buffer = TestSegment.Sequence([.. unread]);
            ReadAll(ref framer, ref buffer, results);
            unread.Clear();
            foreach (var segment in buffer)
            {
                unread.Add(segment);
            }
        }

        var rest = TestSegment.Sequence([.. unread]).ToArray();
        return new FramerResult(results, rest, framer.IsDiscarding);
    }

    /// <summary>Feeds <paramref name="input"/> cut at the given offsets (ascending).</summary>
    public static FramerResult FeedSplit(int maxLineBytes, byte[] input, params int[] cuts)
    {
        var chunks = new byte[cuts.Length + 1][];
        var start = 0;
        for (var i = 0; i < cuts.Length; i++)
        {
            chunks[i] = input[start..cuts[i]];
            start = cuts[i];
        }

        chunks[^1] = input[start..];
        return Feed(maxLineBytes, chunks);
    }

    /// <summary>Reads every complete line from one buffer.</summary>
    public static List<Framed> ReadAll(int maxLineBytes, ReadOnlySequence<byte> buffer)
    {
        var framer = new LineFramer(maxLineBytes);
        var results = new List<Framed>();
        ReadAll(ref framer, ref buffer, results);
        return results;
    }

    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static void ReadAll(ref LineFramer framer, ref ReadOnlySequence<byte> buffer, List<Framed> results)
    {
        while (true)
        {
            var status = framer.TryRead(ref buffer, out var line);
            switch (status)
            {
                case LineStatus.NeedMoreData:
                    return;
                case LineStatus.Line:
                    results.Add(Framed.Line(Encoding.Latin1.GetString(line.ToArray())));
                    break;
                default:
                    results.Add(Framed.TooLong);
                    break;
            }
        }
    }
}
