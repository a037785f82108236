using System.Net;

namespace Piazza.Server.Limits;

/// <summary>Addresses as the limits see them: which group a client counts in, and exempt networks.</summary>
internal static class IpNetworks
{
    /// <summary>Bits of an IPv6 address that name one subscriber: a /64 is what one home or host gets.</summary>
    public const int Ipv6GroupPrefix = 64;

    /// <summary>
    /// The address a client counts under: an IPv4-mapped IPv6 address (<c>::ffff:192.0.2.7</c>,
    /// what a dual-stack listener sees) as its IPv4 address; any other IPv6 address as its /64
    /// network's first address (<c>2001:db8:1:2::</c>), since one subscriber holds a whole /64
    /// and could otherwise take a new address per connection; IPv4 as is.
    /// </summary>
    public static IPAddress GroupOf(IPAddress address)
    {
        var plain = Unmapped(address);
        if (plain.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return plain;
        }

        Span<byte> bytes = stackalloc byte[16];
        plain.TryWriteBytes(bytes, out _);
        bytes[(Ipv6GroupPrefix / 8)..].Clear();
        return new IPAddress(bytes);
    }

    /// <summary>An IPv4-mapped IPv6 address as IPv4; any other address unchanged.</summary>
    public static IPAddress Unmapped(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>
    /// Parses a CIDR (<c>10.0.0.0/8</c>) or a single address (<c>192.0.2.7</c>, as /32 or /128).
    /// As <see cref="IPNetwork.TryParse(string?, out IPNetwork)"/> does, bits set past the prefix
    /// are cleared: <c>192.168.1.5/24</c> is <c>192.168.1.0/24</c>.
    /// </summary>
    public static bool TryParse(string text, out IPNetwork network)
    {
        var trimmed = text.Trim();
        if (IPNetwork.TryParse(trimmed, out network))
        {
            return true;
        }

        if (!trimmed.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(trimmed, out var address))
        {
            address = Unmapped(address);
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    /// <summary>The networks of <paramref name="entries"/>; throws on one that does not parse (the validator reports those first).</summary>
    public static IReadOnlyList<IPNetwork> ParseAll(IEnumerable<string> entries) =>
        [.. entries.Select(e => TryParse(e, out var network) ? network : throw new FormatException($"\"{e}\" is not a network."))];

    /// <summary>True when <paramref name="address"/> (already unmapped) is inside one of <paramref name="networks"/>.</summary>
    public static bool IsIn(IPAddress address, IReadOnlyList<IPNetwork> networks)
    {
        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
