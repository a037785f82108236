using Piazza.Bench.Net;

namespace Piazza.Bench.Protocols;

/// <summary>
/// Piazza's plain line protocol (docs/protocol-plain.md). On connect the server says
/// <c>* welcome to Piazza, ADDR! …</c> then <c>* you are in lobby; N others are here</c>. The
/// client leaves the default room first (so thousands of clients don't each hear everyone
/// else arrive), picks its nick, then joins its room; commands are sent together, right after
/// connecting, and the last reply confirms them all:
/// <code>
/// C: /part LF /nick NICK LF /join ROOM LF
/// S: * welcome … LF * you are in lobby; … LF * you left lobby; … LF * you are now known as NICK LF * you are in ROOM; … LF
/// </code>
/// Chat is the bare line; others see <c>[NICK@ROOM] text</c>. Goodbye is <c>exit</c>.
/// </summary>
internal sealed class PlainProtocol : ChatProtocol
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public override string Name => "plain";

    public override async Task RegisterAsync(BenchConnection connection, string nick, string? room, CancellationToken cancel)
    {
        // Say everything at once, before the welcome: a server that first waits to see whether a
        // client speaks IRC answers at once instead of after its detection timeout.
        var commands = $"/part\n/nick {nick}\n" + (room is null ? string.Empty : $"/join {room}\n");
        await connection.SendAsync(Bytes(commands), cancel);
        var welcome = await connection.ReadLineAsync(cancel) ?? throw new ProtocolException("the server closed before its welcome");
        if (!welcome.Span.StartsWith("* welcome"u8))
        {
            throw new ProtocolException("refused: " + Text(welcome));
        }

        var confirmation = Bytes(room is null ? $"* you are now known as {nick}" : $"* you are in {room};");
        await ExpectAsync(
            connection,
            line => line.Span.StartsWith(confirmation),
            static line => line.Span.StartsWith("! "u8),
            cancel);
    }

    public override MessageFrame FrameFor(string room, int textBytes) => new([], NewLine);

    public override async Task QuitAsync(BenchConnection connection, CancellationToken cancel)
    {
        await connection.SendAsync("exit\n"u8.ToArray(), cancel);
        await ReadToEndAsync(connection, cancel);
    }
}
