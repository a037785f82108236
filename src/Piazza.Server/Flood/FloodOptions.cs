namespace Piazza.Server.Flood;

/// <summary>
/// Flood control, bound from the configuration section <c>Flood</c>
/// (<c>--Flood:LinesPerSecond=10</c>, <c>PIAZZA__Flood__Enabled=false</c>). Per connection, both
/// protocols, localhost included: past its rates and bursts a client's lines are delayed (its
/// read loop waits, so TCP slows it); a client that keeps sending while delayed, until more than
/// <see cref="MaxPendingBytes"/> of its input waits unread, is disconnected ("Excess Flood").
/// </summary>
public sealed class FloodOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Flood";

    /// <summary>
    /// Kestrel's socket transport stops reading a connection once this much of its input waits
    /// unread (SocketTransportOptions.MaxReadBufferSize); past it TCP holds the rest, so a larger
    /// <see cref="MaxPendingBytes"/> could never be seen. Our own transport reads nothing while the
    /// client is delayed, so there the kernel's receive buffer is the bound (~116 KiB of a client
    /// that is not read, on Linux's default tcp_rmem).
    /// </summary>
    internal const int TransportReadBufferBytes = 1024 * 1024;

    /// <summary>Whether flood control is on. Default true. Load tests turn it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Lines per second a client may send, after its burst, before its lines are delayed. Default 5.</summary>
    public int LinesPerSecond { get; set; } = 5;

    /// <summary>Lines a client may send at once (a paste) without delay. Default 40.</summary>
    public int LineBurst { get; set; } = 40;

    /// <summary>Bytes per second a client may send, after its burst, before its lines are delayed. Default 4,096.</summary>
    public int BytesPerSecond { get; set; } = 4096;

    /// <summary>Bytes a client may send at once without delay. Default 32,768.</summary>
    public int ByteBurst { get; set; } = 32 * 1024;

    /// <summary>
    /// While a client's lines are being delayed, the most of its input that may wait unread;
    /// past it the client is disconnected with "Excess Flood". Default 65,536; at most
    /// 1,048,575 (the transport's read buffer).
    /// </summary>
    public int MaxPendingBytes { get; set; } = 64 * 1024;
}
