using System.Net;
using System.Net.Sockets;

namespace Piazza.Core.Bans;

/// <summary>
/// Reads what an operator typed as a server ban's target, and matches it. Never throws on input.
/// <code>
///   address = IPv4 / IPv6 [ "/" prefix ]      ; 10.0.0.5, 10.0.0.0/8, 2001:db8::/64 (host bits dropped)
///   mask    = [ nick "!" ] [ user "@" ] host  ; globs with * and ?: spammer, *@10.0.0.*, *!*@*.example
/// </code>
/// A mask is read and matched by <see cref="BanMask"/>, as room bans are: a bare word is a nick
/// (<c>spammer</c> means <c>spammer!*@*</c>); <c>user@host</c> means <c>*!user@host</c>.
/// </summary>
public static class ServerBanMask
{
    /// <summary>The longest mask accepted, in characters.</summary>
    public const int MaxLength = BanMask.MaxLength;

    /// <summary>True when <paramref name="text"/> is an address or CIDR (a D-line, not a K-line).</summary>
    public static bool IsAddress(string text) => TryParseNetwork(text, out _);

    /// <summary>
    /// The normalised form and kind of <paramref name="text"/>, or null and why when it is neither
    /// an address, a CIDR nor a mask.
    /// </summary>
    public static string? TryNormalize(string text, out ServerBanKind kind, out string? why)
    {
        kind = ServerBanKind.Mask;
        why = BanMask.NotOneWord(text);
        if (why is not null)
        {
            return null;
        }

        if (TryParseNetwork(text, out var network))
        {
            kind = ServerBanKind.Address;
            return network.ToString();
        }

        if (text.Contains('/', StringComparison.Ordinal) || text.StartsWith('#'))
        {
            why = $"{text} is neither an IP address, a CIDR block (10.0.0.0/8) nor a nick!user@host mask";
            return null;
        }

        return BanMask.TryNormalize(text, out why);
    }

    /// <summary>The block an address ban's <paramref name="mask"/> names, or null when it names none.</summary>
    public static IPNetwork? Network(string mask) => TryParseNetwork(mask, out var network) ? network : null;

    /// <summary>True when a mask ban <paramref name="mask"/> (normalised) matches <c>nick!user@host</c>.</summary>
    public static bool Matches(string mask, string nickUserHost) => BanMask.Matches(mask, nickUserHost);

    /// <summary>IPv4-mapped IPv6 addresses (::ffff:10.0.0.5) as the IPv4 they are.</summary>
    public static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>An address (a /32 or /128) or a CIDR block, host bits cleared: 10.0.0.5/8 is 10.0.0.0/8.</summary>
    private static bool TryParseNetwork(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal)
            || (address.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3))
        {
            // IPAddress.TryParse takes "10" or "10.5" as IPv4 shorthand: a ban target spells all four parts.
            return false;
        }

        address = Canonical(address);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        network = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }
}
