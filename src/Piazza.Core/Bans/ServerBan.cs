using System.Net;

namespace Piazza.Core.Bans;

/// <summary>What a server ban matches.</summary>
public enum ServerBanKind
{
    /// <summary>An IP address or CIDR block (IRC's D-line), checked when a connection is accepted.</summary>
    Address,

    /// <summary>A <c>nick!user@host</c> glob (IRC's K-line), checked whenever a nick is known.</summary>
    Mask,
}

/// <summary>
/// A ban from the whole server, set by a server operator; it cuts matching clients at once and
/// refuses them until it is lifted or expires.
/// </summary>
/// <param name="Mask">What it matches, normalised (<see cref="ServerBanMask"/>): <c>10.0.0.0/8</c>, <c>2001:db8::/64</c>, <c>*!*@10.0.0.5</c>, <c>spammer!*@*</c>.</param>
/// <param name="Kind">Address (IP/CIDR) or mask.</param>
/// <param name="Reason">Why, shown to whoever it cuts or refuses.</param>
/// <param name="SetBy">The operator's nick.</param>
/// <param name="SetAt">When it was set.</param>
/// <param name="ExpiresAt">When it stops applying; null for never.</param>
public sealed record ServerBan(string Mask, ServerBanKind Kind, string Reason, string SetBy, DateTimeOffset SetAt, DateTimeOffset? ExpiresAt)
{
    /// <summary>True while the ban applies at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => ExpiresAt is not { } end || now < end;

    private IPNetwork? _network;

    /// <summary>The quit and refusal reason a banned client is given: <c>Banned (spamming)</c>.</summary>
    public string ClientReason => $"Banned ({Reason})";

    /// <summary>
    /// True when this ban (expired or not) matches a client known as <paramref name="nickUserHost"/>
    /// from <paramref name="address"/> (null when its host is no IP).
    /// </summary>
    public bool AppliesTo(string nickUserHost, IPAddress? address) => Kind == ServerBanKind.Mask
        ? ServerBanMask.Matches(Mask, nickUserHost)
        : address is not null && Holds(address);

    /// <summary>Equal when every positional value is (the parsed block is a cache, not part of the value).</summary>
    public bool Equals(ServerBan? other) => other is not null && Mask == other.Mask && Kind == other.Kind && Reason == other.Reason
        && SetBy == other.SetBy && SetAt == other.SetAt && ExpiresAt == other.ExpiresAt;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Mask, Kind, Reason, SetBy, SetAt, ExpiresAt);

    /// <summary>True when this address ban holds <paramref name="address"/>; its CIDR is parsed once.</summary>
    public bool Holds(IPAddress address)
    {
        if (Kind != ServerBanKind.Address)
        {
            return false;
        }

        _network ??= ServerBanMask.Network(Mask);
        return _network is { } network && network.Contains(ServerBanMask.Canonical(address));
    }
}
