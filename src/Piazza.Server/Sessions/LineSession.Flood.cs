namespace Piazza.Server.Sessions;

/// <summary>
/// Flood control in the read loop (docs/ARCHITECTURE.md, "A client flooding the room"): after
/// each line the session's <see cref="Flood.FloodGate"/> says how long to wait before reading the
/// next; the read loop waits that long on the clock, reading nothing, so TCP slows the client
/// and nobody else waits. A client still sending while it is delayed, until more than
/// <see cref="Flood.FloodOptions.MaxPendingBytes"/> of its input waits unread, is cut off.
/// </summary>
internal abstract partial class LineSession
{
    /// <summary>True for a client flood control does not apply to (a server operator). Checked at every line.</summary>
    private bool IsFloodExempt => Joined is { IsServerOperator: true };

    /// <summary>Counts one line against the client's allowance; returns how long the read loop waits before the next.</summary>
    private TimeSpan TakeFloodAllowance(int bytes)
    {
        if (_flood is null || IsFloodExempt)
        {
            return TimeSpan.Zero;
        }

        var pause = _flood.Take(bytes, out var startedThrottling);
        if (startedThrottling)
        {
            _counters.Throttled();
            var options = _flood.Options;
            LogFloodThrottled(Logger, Joined?.Name ?? Address, Address, options.LinesPerSecond, options.LineBurst, options.BytesPerSecond, options.ByteBurst);
        }

        return pause;
    }

    /// <summary>Tells the client why, and returns the quit reason others see.</summary>
    private string CutForFlood(long unreadBytes)
    {
        LogFloodCut(Logger, Joined?.Name ?? Address, Address, unreadBytes, _flood!.Options.MaxPendingBytes);
        Interlocked.CompareExchange(ref _closeReason, ExcessFlood, null);
        _counters.CutForFlood();
        SendLast(CutLine(CutReason.ExcessFlood));
        return ExcessFlood;
    }
}
