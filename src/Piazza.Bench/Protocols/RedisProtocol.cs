using Piazza.Bench.Net;

namespace Piazza.Bench.Protocols;

/// <summary>
/// Redis pub/sub (redis.io/docs/reference/protocol-spec, RESP2), the raw fan-out reference.
/// A client subscribes to its room's channel; a subscribed connection can't publish, so each
/// sender publishes on a second connection. Every subscriber gets each message, the sender's
/// own subscriber included.
/// <code>
/// C: SUBSCRIBE room CRLF                    ; inline command
/// S: *3 $9 subscribe $n room :1             ; one element per line
/// C: *3 $7 PUBLISH $n room $m text          ; on the publisher; S: :count
/// S: *3 $7 message $n room $m text          ; to every subscriber: the text is a line of its own
/// </code>
/// </summary>
internal sealed class RedisProtocol : ChatProtocol
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    public override string Name => "redis";

    public override bool SelfDelivery => true;

    public override bool NeedsPublisher => true;

    public override async Task RegisterAsync(BenchConnection connection, string nick, string? room, CancellationToken cancel)
    {
        if (room is null)
        {
            // No room: a round trip shows the server took the connection.
            await connection.SendAsync("PING\r\n"u8.ToArray(), cancel);
            await ExpectAsync(connection, static line => line.Span.SequenceEqual("+PONG"u8), IsError, cancel);
            return;
        }

        await connection.SendAsync(Bytes($"SUBSCRIBE {room}\r\n"), cancel);
        // A PUBLISH sent before (churn) is answered ":n" first: wait for "subscribe", then its count.
        await ExpectAsync(connection, static line => line.Span.SequenceEqual("subscribe"u8), IsError, cancel);
        await ExpectAsync(connection, static line => line.Span.StartsWith(":"u8), IsError, cancel);
    }

    public override MessageFrame FrameFor(string room, int textBytes)
    {
        var roomBytes = Bytes(room);
        return new(Bytes($"*3\r\n$7\r\nPUBLISH\r\n${roomBytes.Length}\r\n{room}\r\n${textBytes}\r\n"), CrLf);
    }

    public override async Task QuitAsync(BenchConnection connection, CancellationToken cancel)
    {
        await connection.SendAsync("QUIT\r\n"u8.ToArray(), cancel);
        await ReadToEndAsync(connection, cancel);
    }

    private static bool IsError(ReadOnlyMemory<byte> line) => line.Span.StartsWith("-"u8);
}
