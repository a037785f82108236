using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Piazza.Server.Hosting;

/// <summary>
/// Where the server listens, bound from the configuration section <c>Listen</c>
/// (<c>--Listen:Chat=0.0.0.0:54321</c>, <c>PIAZZA__Listen__Chat=…</c>). Loopback unless configured otherwise;
/// checked at startup by <see cref="ListenSettingsValidator"/>.
/// </summary>
public sealed class ListenSettings
{
    /// <summary>The configuration section these settings bind from.</summary>
    public const string Section = "Listen";

    /// <summary>The chat port (the seed's plain protocol). Default <c>127.0.0.1:54321</c>; port 0 picks a free port.</summary>
    public string Chat { get; set; } = "127.0.0.1:54321";

    /// <summary>The IRC-only port. Default <c>127.0.0.1:6667</c>; empty or <c>off</c> to not listen.</summary>
    public string Irc { get; set; } = "127.0.0.1:6667";

    /// <summary>
    /// The IRC-over-TLS port. Default <c>127.0.0.1:6697</c>; empty or <c>off</c> to not listen. It
    /// listens only when a certificate is configured (<c>Tls:Certificate</c>).
    /// </summary>
    public string Tls { get; set; } = "127.0.0.1:6697";

    /// <summary>
    /// The HTTP port: <c>/healthz</c> now; the web client, IRC over WebSocket and <c>/metrics</c>
    /// later. Default <c>127.0.0.1:8080</c> (loopback: what it tells is for the operator); empty or
    /// <c>off</c> to not listen; port 0 picks a free port.
    /// </summary>
    public string Http { get; set; } = "127.0.0.1:8080";

    /// <summary>
    /// The kernel send buffer of each client socket, in bytes; 0 leaves it to the OS's
    /// auto-tuning (up to 4 MiB per socket on Linux). Fixed, it bounds what a client that stops
    /// reading can make the kernel hold for it, and lets the send queue notice it sooner.
    /// Default 128 KiB: at chat rates that is seconds of traffic.
    /// </summary>
    public int SendBufferBytes { get; set; } = 128 * 1024;

    /// <summary>
    /// What carries the chat and IRC ports' connections: <c>piazza</c> (the default), Piazza's own
    /// socket transport, which holds an idle client in far less memory and reads without a hop
    /// through Kestrel's pipes; or <c>kestrel</c>, Kestrel's socket transport. The HTTP and TLS
    /// ports always use Kestrel's.
    /// </summary>
    public string Transport { get; set; } = PiazzaTransport;

    /// <summary>
    /// File descriptors kept free for the runtime below the process's open-file limit
    /// (<c>ulimit -n</c>): the chat ports stop accepting while fewer are free, and the HTTP port while
    /// fewer than half are, instead of taking the last ones (the .NET runtime aborts the process,
    /// "Out of memory.", when it cannot open one for a new thread). Default 64; 0 turns it off
    /// (then only a failed accept, EMFILE, makes the listeners wait, by which time the runtime may
    /// already have aborted). Linux only: elsewhere the limit is not read, and it is off.
    /// </summary>
    public int ReservedFileDescriptors { get; set; } = DefaultReservedFileDescriptors;

    /// <summary>The default of <see cref="ReservedFileDescriptors"/>.</summary>
    public const int DefaultReservedFileDescriptors = 64;

    /// <summary>The most <see cref="ReservedFileDescriptors"/> may be.</summary>
    public const int MaxReservedFileDescriptors = 65536;

    /// <summary>The <see cref="Transport"/> value for Piazza's own transport.</summary>
    public const string PiazzaTransport = "piazza";

    /// <summary>The <see cref="Transport"/> value for Kestrel's socket transport.</summary>
    public const string KestrelTransport = "kestrel";

    /// <summary>Whether the chat and IRC ports use Piazza's own transport (valid settings only).</summary>
    public bool UsesOwnTransport => !Transport.Trim().Equals(KestrelTransport, StringComparison.OrdinalIgnoreCase);

    /// <summary>The chat port's endpoint (valid settings only: see <see cref="ListenSettingsValidator"/>).</summary>
    public IPEndPoint ChatEndPoint => ParseEndPoint(Chat, nameof(Chat));

    /// <summary>The IRC port's endpoint, or null when it is off.</summary>
    public IPEndPoint? IrcEndPoint => ParseOptionalEndPoint(Irc, nameof(Irc));

    /// <summary>The IRC-over-TLS port's endpoint, or null when it is off (whether a certificate is configured is <c>Tls</c>'s to say).</summary>
    public IPEndPoint? TlsEndPoint => ParseOptionalEndPoint(Tls, nameof(Tls));

    /// <summary>The HTTP port's endpoint, or null when it is off.</summary>
    public IPEndPoint? HttpEndPoint => ParseOptionalEndPoint(Http, nameof(Http));

    /// <summary>Whether a listener that may be turned off is: empty or <c>off</c>.</summary>
    public static bool IsOff(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Equals("off", StringComparison.OrdinalIgnoreCase);

    /// <summary>The endpoint of a listener that may be turned off: null when <paramref name="value"/> is empty or <c>off</c>.</summary>
    public static IPEndPoint? ParseOptionalEndPoint(string? value, string settingName) =>
        IsOff(value) ? null : ParseEndPoint(value!, settingName);

    /// <summary>Parses an endpoint setting such as <c>127.0.0.1:54321</c>, <c>[::1]:54321</c> or <c>localhost:54321</c>.</summary>
    public static IPEndPoint ParseEndPoint(string value, string settingName) =>
        TryParseEndPoint(value, out var endPoint)
            ? endPoint
            : throw new InvalidOperationException(
                $"{Section}:{settingName} '{value}' is not an endpoint; write it as 127.0.0.1:54321 or [::1]:54321.");

    /// <summary>Parses <c>127.0.0.1:54321</c>, <c>[::1]:54321</c> or <c>localhost:54321</c>; false for anything else.</summary>
    public static bool TryParseEndPoint(string? value, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        const string Localhost = "localhost:";
        value = value?.Trim();
        if (value is null)
        {
            endPoint = null;
            return false;
        }

        if (value.StartsWith(Localhost, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(value.AsSpan(Localhost.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
        {
            endPoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }

        return IPEndPoint.TryParse(value, out endPoint) && value.Contains(':', StringComparison.Ordinal)
            && !value.EndsWith(':') && !value.EndsWith(']');
    }
}
