using System.Diagnostics;

namespace Piazza.Server.Tls;

/// <summary>
/// A connection feature left by <see cref="TlsMiddleware"/> on the chat port when it waited for a
/// first byte and found no TLS: when that wait began, so that protocol detection
/// (<c>ChatPortHandler</c>) waits only for the rest of <c>Irc:DetectTimeoutMilliseconds</c>. A
/// plain client that says nothing first (nc) is welcomed as soon as it was without TLS.
/// </summary>
/// <param name="StartedAt">The <see cref="Stopwatch"/> timestamp of the connection's first wait.</param>
internal sealed record ChatPortSilence(long StartedAt)
{
    /// <summary>What is left of <paramref name="timeout"/> since the wait began (zero when spent).</summary>
    public TimeSpan Remaining(TimeSpan timeout)
    {
        var left = timeout - Stopwatch.GetElapsedTime(StartedAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
