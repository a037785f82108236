using Microsoft.AspNetCore.Connections;

using Piazza.Server.Transport;

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

    /// <summary>
    /// While the client is throttled, what its input says: how much waits unread (the pipe's
    /// <paramref name="buffered"/> bytes, and on our transport, which reads only when asked, the
    /// kernel's too), or a <see cref="ConnectionResetException"/> (a transport fault: the session
    /// ends as "connection lost") when it has reset the connection. Kestrel's pipe fails the next
    /// read at once on a reset; ours would only see it once the buffered lines were used up, at
    /// the throttled rate (a 4 KiB buffer of short lines: over a minute).
    /// </summary>
    private long UnreadWhileThrottled(long buffered)
    {
        if (_connection is not ChatSocketConnection own)
        {
            return buffered;
        }

        if (own.HasFailed(out var errno))
        {
            throw new ConnectionResetException($"The client's connection failed while its lines were delayed (error {errno}).");
        }

        return buffered + own.UnreadInKernel;
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
