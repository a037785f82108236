using Piazza.Bench.Net;
using Piazza.Bench.Protocols;

namespace Piazza.Bench.Scenarios;

/// <summary>An idle client's receive side: answers PINGs, ignores the rest, counts closes it did not ask for.</summary>
internal sealed class IdleSink(ChatProtocol protocol) : ILineSink
{
    private int _unexpectedCloses;
    private string? _firstCloseReason;

    /// <summary>Set before the bench closes its connections itself.</summary>
    public bool Closing { get; set; }

    public int UnexpectedCloses => Volatile.Read(ref _unexpectedCloses);

    public string? FirstCloseReason => Volatile.Read(ref _firstCloseReason);

    public void OnLine(BenchConnection connection, ReadOnlySpan<byte> line, long now) => protocol.OnControlLine(connection, line);

    public void OnClosed(BenchConnection connection, Exception? failure)
    {
        if (Closing)
        {
            return;
        }

        Interlocked.Increment(ref _unexpectedCloses);
        Interlocked.CompareExchange(ref _firstCloseReason, failure?.Message ?? "closed by the server", null);
    }
}
