using Piazza.Bench.Net;

namespace Piazza.Bench.Protocols;

/// <summary>
/// Any server that relays each line to every other client, with no commands: the seed design
/// (peers/seed/server.py relays <c>[ip:port] text</c>). Nothing to register, one room for all,
/// no confirmation that a client is in: the bench probes before it measures. The seed relays
/// raw 1024-byte reads, so a line can arrive split; the receiver reads a byte stream and counts
/// a cut message as malformed.
/// </summary>
internal sealed class LineProtocol : ChatProtocol
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public override string Name => "line";

    public override bool SupportsRooms => false;

    public override bool NeedsProbe => true;

    public override Task RegisterAsync(BenchConnection connection, string nick, string? room, CancellationToken cancel) => Task.CompletedTask;

    public override MessageFrame FrameFor(string room, int textBytes) => new([], NewLine);

    public override async Task QuitAsync(BenchConnection connection, CancellationToken cancel)
    {
        connection.ShutdownSend();
        await ReadToEndAsync(connection, cancel);
    }
}
