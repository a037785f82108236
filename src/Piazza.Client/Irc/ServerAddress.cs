using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Piazza.Client.Irc;

/// <summary>
/// One server the client may connect to, as <c>--server</c> takes it:
/// <code>
///   server = host [ ":" port ]            ; a name or an IPv4 address: irc.example.org:6697, 127.0.0.1
///          / "[" ipv6 "]" [ ":" port ]    ; an IPv6 address in brackets: [::1]:54321
/// </code>
/// Without a port, the one given (<c>--port</c>, 54321 by default) is meant.
/// </summary>
internal readonly record struct ServerAddress(string Host, int Port)
{
    /// <summary>
    /// Parses <paramref name="text"/>; false with <paramref name="problem"/> saying what is wrong in
    /// a few words a user can act on. Never throws.
    /// </summary>
    public static bool TryParse(string? text, int defaultPort, out ServerAddress address, out string? problem)
    {
        address = default;
        problem = null;
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            problem = "empty: give host:port, such as 127.0.0.1:54321";
            return false;
        }

        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            problem = "give host:port, such as 127.0.0.1:54321, not a URL";
            return false;
        }

        string host;
        string? port = null;
        if (trimmed[0] == '[')
        {
            var close = trimmed.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                problem = "an IPv6 address opened with [ must close with ], such as [::1]:54321";
                return false;
            }

            host = trimmed[1..close];
            var rest = trimmed[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    problem = "after ] comes :port, such as [::1]:54321";
                    return false;
                }

                port = rest[1..];
            }

            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                problem = "only an IPv6 address goes in brackets, such as [::1]:54321";
                return false;
            }
        }
        else
        {
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && trimmed.IndexOf(':', colon + 1) >= 0)
            {
                problem = "an IPv6 address goes in brackets, such as [::1]:54321";
                return false;
            }

            host = colon < 0 ? trimmed : trimmed[..colon];
            port = colon < 0 ? null : trimmed[(colon + 1)..];
            if (Uri.CheckHostName(host) is UriHostNameType.Unknown)
            {
                problem = host.Length == 0 ? "the host is missing: give host:port, such as 127.0.0.1:54321" : $"'{host}' is not a host name or address";
                return false;
            }
        }

        var number = defaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            problem = "the port must be a number from 1 to 65535";
            return false;
        }

        address = new ServerAddress(host, number);
        return true;
    }

    /// <summary>host:port, with an IPv6 address in brackets, as <see cref="TryParse"/> reads it back.</summary>
    public override string ToString()
    {
        var host = Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host;
        return string.Create(CultureInfo.InvariantCulture, $"{host}:{Port}");
    }
}
