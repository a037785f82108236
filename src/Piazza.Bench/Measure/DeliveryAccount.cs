using System.Diagnostics;

namespace Piazza.Bench.Measure;

/// <summary>What one receiver counted in one phase.</summary>
internal struct PhaseTally
{
    /// <summary>Messages received at least once (each counted once).</summary>
    public long Unique;

    /// <summary>Messages received again.</summary>
    public long Duplicates;

    /// <summary>Messages that arrived after a later one from the same sender.</summary>
    public long OutOfOrder;

    /// <summary>When the last new message of the phase arrived (Stopwatch ticks; 0: none yet).</summary>
    public long LastArrival;
}

/// <summary>
/// One receiving client's books: which messages arrived from each sender of its room, and
/// their latencies. Written only by the client's receive loop, read by anyone for progress
/// (a moment's view) and after the loop has stopped (exact).
/// </summary>
internal sealed class DeliveryAccount
{
    private static readonly double MicrosecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    private readonly SequenceWindow[] _windows;
    private readonly PhaseTally[] _tallies;
    private readonly int _firstSender;

    /// <param name="firstSender">The index of the room's first sender; its senders are numbered on from it.</param>
    /// <param name="senders">How many senders the room has.</param>
    /// <param name="phases">How many phases the run has.</param>
    public DeliveryAccount(int firstSender, int senders, int phases)
    {
        _firstSender = firstSender;
        _windows = new SequenceWindow[senders];
        _tallies = new PhaseTally[phases];
    }

    /// <summary>Benchmark messages from a sender outside this client's room, or of an unknown phase.</summary>
    public long Foreign { get; private set; }

    /// <summary>Lines that held a garbled benchmark message.</summary>
    public long Malformed { get; private set; }

    /// <summary>This receiver's tally for <paramref name="phase"/>.</summary>
    public PhaseTally Tally(int phase) => _tallies[phase];

    /// <summary>Counts a message that arrived at <paramref name="now"/>; records its latency if it is new.</summary>
    public void Count(in PayloadHeader header, long now, Histogram[] latencies)
    {
        var local = header.Sender - _firstSender;
        if ((uint)local >= (uint)_windows.Length || (uint)header.Phase >= (uint)_tallies.Length)
        {
            Foreign++;
            return;
        }

        ref var tally = ref _tallies[header.Phase];
        switch (_windows[local].Record(header.Sequence))
        {
            case SequenceOutcome.Duplicate:
                tally.Duplicates++;
                return;
            case SequenceOutcome.Late:
            case SequenceOutcome.TooOld:
                tally.OutOfOrder++;
                break;
        }

        tally.Unique++;
        tally.LastArrival = now;
        latencies[header.Phase].Record((long)((now - header.Timestamp) * MicrosecondsPerTick));
    }

    /// <summary>Counts a line that held a garbled benchmark message.</summary>
    public void CountMalformed() => Malformed++;
}
