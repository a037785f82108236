using System.Buffers;

using BenchmarkDotNet.Attributes;

using Piazza.Protocol.Irc;
using Piazza.Protocol.Line;

namespace Piazza.Microbench;

/// <summary>Reading one incoming chat line: framing, UTF-8 decoding and parsing, per protocol.</summary>
public class LineParsing
{
    private readonly byte[] _plain = "hello everyone, this is a chat line of an ordinary length\n"u8.ToArray();
    private readonly byte[] _irc = "PRIVMSG #lobby :hello everyone, this is a chat line of an ordinary length"u8.ToArray();

    [Benchmark]
    public LineCommandKind Plain()
    {
        var buffer = new ReadOnlySequence<byte>(_plain);
        var framer = new LineFramer(2048);
        framer.TryRead(ref buffer, out var line);
        LineText.TryDecode(line, out var text);
        return LineCommandParser.Parse(text).Kind;
    }

    [Benchmark]
    public IrcParseStatus Irc() => IrcParser.TryParse(_irc, out _);
}
