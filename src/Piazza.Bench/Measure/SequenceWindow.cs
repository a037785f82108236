namespace Piazza.Bench.Measure;

/// <summary>How a message's number compared with what one receiver had from its sender.</summary>
internal enum SequenceOutcome
{
    /// <summary>The next one expected (or the first, numbered 0).</summary>
    InOrder,

    /// <summary>Past the next one expected: some before it are missing (lost, or late).</summary>
    Ahead,

    /// <summary>Missing until now, and arrived after later ones: an order violation.</summary>
    Late,

    /// <summary>Already received: a duplicate.</summary>
    Duplicate,

    /// <summary>So far behind the newest (64 or more) that it can't be told apart: counted as late.</summary>
    TooOld,
}

/// <summary>
/// What one receiver has seen from one sender: the highest number and a 64-bit map of the ones
/// just below it (the anti-replay window of IPsec, RFC 4303 §3.4.3), so loss, duplicates and
/// reordering are counted exactly in 16 bytes per (receiver, sender) pair.
/// </summary>
internal struct SequenceWindow
{
    private uint _highest;
    private ulong _seen; // bit i: message (_highest - i) has arrived
    private bool _any;

    /// <summary>Counts one arrival and says how it fits.</summary>
    public SequenceOutcome Record(uint sequence)
    {
        if (!_any)
        {
            _any = true;
            _highest = sequence;
            _seen = 1;
            return sequence == 0 ? SequenceOutcome.InOrder : SequenceOutcome.Ahead;
        }

        if (sequence > _highest)
        {
            var step = sequence - _highest;
            _seen = step >= 64 ? 1 : (_seen << (int)step) | 1;
            _highest = sequence;
            return step == 1 ? SequenceOutcome.InOrder : SequenceOutcome.Ahead;
        }

        var behind = _highest - sequence;
        if (behind >= 64)
        {
            return SequenceOutcome.TooOld;
        }

        var bit = 1UL << (int)behind;
        if ((_seen & bit) != 0)
        {
            return SequenceOutcome.Duplicate;
        }

        _seen |= bit;
        return SequenceOutcome.Late;
    }
}
