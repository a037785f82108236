using Piazza.Bench.Measure;
using Piazza.Bench.Net;
using Piazza.Bench.Protocols;

namespace Piazza.Bench.Scenarios;

/// <summary>One connected client of a <see cref="Fleet"/>: its socket(s), its books and, if it sends, its sending state.</summary>
internal sealed class FleetClient(int index, int room, BenchConnection connection, Receiver receiver, int phases)
{
    /// <summary>Its index, which is also its sender id in payloads.</summary>
    public int Index { get; } = index;

    /// <summary>Its room.</summary>
    public int Room { get; } = room;

    /// <summary>Where it receives (and, except with Redis, sends).</summary>
    public BenchConnection Connection { get; } = connection;

    /// <summary>Its receiving side.</summary>
    public Receiver Receiver { get; } = receiver;

    /// <summary>Its receive loop.</summary>
    public Task? Receiving { get; set; }

    /// <summary>Its separate sending connection, where the protocol needs one.</summary>
    public BenchConnection? Publisher { get; set; }

    /// <summary>The publisher's receive loop.</summary>
    public Task? Publishing { get; set; }

    /// <summary>How its chat lines look on the wire (senders only).</summary>
    public MessageFrame? Frame { get; set; }

    /// <summary>Messages sent, per phase (written by its sender loop only).</summary>
    public long[] Sent { get; } = new long[phases];

    /// <summary>The number of its next message; numbers run on across phases.</summary>
    public uint NextSequence { get; set; }

    /// <summary>Its reusable send buffer (senders only; grown when a faster phase needs more).</summary>
    public byte[] SendBuffer { get; set; } = [];

    /// <summary>Where its messages go out.</summary>
    public BenchConnection Outbound => Publisher ?? Connection;

    /// <summary>Closes its sockets; its loops end with them.</summary>
    public async Task CloseAsync()
    {
        await Connection.DisposeAsync();
        if (Publisher is not null)
        {
            await Publisher.DisposeAsync();
        }
    }
}
