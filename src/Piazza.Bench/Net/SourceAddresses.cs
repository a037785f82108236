using System.Net;

namespace Piazza.Bench.Net;

/// <summary>
/// Spreads clients over 127.0.0.1 … 127.0.0.N: each source address has its own ~28,000
/// ephemeral ports, so tens of thousands of connections (and churn's TIME_WAITs) fit.
/// </summary>
internal static class SourceAddresses
{
    /// <summary>The most addresses used (127.0.0.1 – 127.0.0.250).</summary>
    public const int Max = 250;

    /// <summary>The address for client <paramref name="index"/>, or null to let the OS choose (N ≤ 1).</summary>
    public static IPAddress? For(int index, int count)
    {
        if (count <= 1)
        {
            return null;
        }

        var last = 1 + (index % Math.Min(count, Max));
        return new IPAddress(new byte[] { 127, 0, 0, (byte)last });
    }
}
