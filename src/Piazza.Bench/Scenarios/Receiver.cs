using Piazza.Bench.Measure;
using Piazza.Bench.Net;
using Piazza.Bench.Protocols;

namespace Piazza.Bench.Scenarios;

/// <summary>
/// What one client does with what it receives: benchmark messages go to its
/// <see cref="DeliveryAccount"/>, probes are noted, anything else goes to the protocol
/// (PING). Runs on the client's receive loop only.
/// </summary>
internal sealed class Receiver(ChatProtocol protocol, DeliveryAccount account, LatencyRecorder latencies, Fleet fleet) : ILineSink
{
    private volatile bool _probeSeen;

    /// <summary>This client's books.</summary>
    public DeliveryAccount Account { get; } = account;

    /// <summary>Whether a probe line has arrived (see <see cref="ChatProtocol.NeedsProbe"/>).</summary>
    public bool ProbeSeen => _probeSeen;

    public void OnLine(BenchConnection connection, ReadOnlySpan<byte> line, long now)
    {
        switch (Payload.TryFind(line, out var header))
        {
            case PayloadStatus.Found:
                Account.Count(header, now, latencies.ForThisThread());
                break;
            case PayloadStatus.Malformed:
                Account.CountMalformed();
                break;
            default:
                if (line.IndexOf(Fleet.ProbeText) >= 0)
                {
                    _probeSeen = true;
                }

                protocol.OnControlLine(connection, line);
                break;
        }
    }

    public void OnClosed(BenchConnection connection, Exception? failure) => fleet.OnClientClosed(failure);
}

/// <summary>Reads and drops what a publisher connection gets back (Redis's ":count" replies).</summary>
internal sealed class DiscardSink(ChatProtocol protocol, Fleet fleet) : ILineSink
{
    public void OnLine(BenchConnection connection, ReadOnlySpan<byte> line, long now) => protocol.OnControlLine(connection, line);

    public void OnClosed(BenchConnection connection, Exception? failure) => fleet.OnClientClosed(failure);
}
