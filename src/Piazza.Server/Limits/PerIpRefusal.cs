using System.Globalization;

namespace Piazza.Server.Limits;

/// <summary>Which per-IP limit refused a connection.</summary>
internal enum PerIpLimit
{
    /// <summary><see cref="LimitsOptions.MaxConnectionsPerIp"/>: too many open at once.</summary>
    Concurrent,

    /// <summary><see cref="LimitsOptions.MaxNewConnectionsPerIp"/>: too many new ones in the window.</summary>
    Rate,
}

/// <summary>Why a connection was refused, and when the address may try again.</summary>
/// <param name="Limit">Which limit.</param>
/// <param name="Max">The limit's value.</param>
/// <param name="WindowSeconds">The window of the <see cref="PerIpLimit.Rate"/> limit.</param>
/// <param name="RetryAfter">For <see cref="PerIpLimit.Rate"/>: until the window ends.</param>
/// <param name="FirstInRow">
/// The first refusal of this address since it was last admitted (or its window began): the one
/// worth an Information log line; the rest of a reconnect storm is logged at Debug.
/// </param>
internal readonly record struct PerIpRefusal(PerIpLimit Limit, int Max, int WindowSeconds, TimeSpan RetryAfter, bool FirstInRow)
{
    /// <summary>What the client is told, in its protocol's refusal line.</summary>
    public string Reason => Limit == PerIpLimit.Concurrent
        ? string.Create(CultureInfo.InvariantCulture, $"too many connections from your address (the most is {Max} at once); close one first")
        : string.Create(CultureInfo.InvariantCulture, $"too many new connections from your address (the most is {Max} in {WindowSeconds} s); try again in {Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds))} s");
}
