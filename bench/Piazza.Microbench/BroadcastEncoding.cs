using BenchmarkDotNet.Attributes;

using Piazza.Protocol.Irc;
using Piazza.Protocol.Line;

namespace Piazza.Microbench;

/// <summary>Encoding one broadcast, as the server does once per wire format per message.</summary>
public class BroadcastEncoding
{
    private readonly string _sender = "alice";
    private readonly string _source = "alice!alice@127.0.0.1";
    private readonly string _text = "hello everyone, this is a chat line of an ordinary length";

    [Benchmark]
    public byte[] Plain() => LineWriter.Chat(_sender, "dev", _text);

    [Benchmark]
    public byte[] Irc() => IrcWriter.Format(null, _source, "PRIVMSG", ["#dev", _text], trailing: true);
}
