using System.Diagnostics.CodeAnalysis;

namespace Piazza.Server.WebSockets;

/// <summary>
/// A web origin as browsers send it in the <c>Origin</c> header (RFC 6454 §6.1):
/// <code>
///   origin = scheme "://" host [ ":" port ]     ; no user, path, query or fragment
/// </code>
/// Scheme and host are compared without case; an absent port is the scheme's default (80 for
/// http, 443 for https), so <c>https://chat.example.org</c> and <c>https://chat.example.org:443</c>
/// are one origin. Browsers send <c>null</c> for pages without one (a file, a sandbox): not an origin.
/// </summary>
internal readonly record struct WebOrigin(string Scheme, string Host, int Port)
{
    /// <summary>What an origin never holds after its <c>://</c>: a path, a query, a fragment, user info, a space.</summary>
    private static readonly System.Buffers.SearchValues<char> NotInAuthority = System.Buffers.SearchValues.Create("/?#@\\ ");

    /// <summary>Parses <paramref name="text"/> as an origin; false for anything else. Never throws.</summary>
    public static bool TryParse(string? text, out WebOrigin origin)
    {
        origin = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || text.AsSpan(separator + 3).IndexOfAny(NotInAuthority) >= 0)
        {
            return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return false;
        }

        var port = uri.IsDefaultPort ? DefaultPort(uri.Scheme) : uri.Port;
        origin = new WebOrigin(uri.Scheme.ToLowerInvariant(), uri.Host.ToLowerInvariant(), port);
        return true;
    }

    /// <summary>The port a URL of <paramref name="scheme"/> means when it names none; -1 when the scheme has no default.</summary>
    public static int DefaultPort(string scheme) => scheme.ToLowerInvariant() switch
    {
        "http" or "ws" => 80,
        "https" or "wss" => 443,
        _ => -1,
    };

    /// <summary>True when this origin names <paramref name="host"/> (a <c>Host</c> header's host) and <paramref name="port"/> (its port, or null for the scheme's default).</summary>
    public bool Names(string host, int? port) =>
        string.Equals(Host, host, StringComparison.OrdinalIgnoreCase) && Port == (port ?? DefaultPort(Scheme));

    /// <inheritdoc/>
    [SuppressMessage("Globalization", "CA1305", Justification = "An integer port in an origin.")]
    public override string ToString() => Port == DefaultPort(Scheme) ? $"{Scheme}://{Host}" : $"{Scheme}://{Host}:{Port}";
}
