using System.Net.Security;

using Microsoft.Extensions.Options;

namespace Piazza.Server.Tls;

/// <summary>
/// The certificate new TLS connections are given. Every handshake asks for
/// <see cref="Current"/>; <see cref="Reload"/> (from <see cref="TlsCertificateReloader"/>: a
/// file changed, or SIGHUP) swaps it for the files' new contents, or keeps it and says why when
/// they cannot be used. Connections already open keep the certificate they were made with.
/// </summary>
/// <remarks>
/// Threads: <see cref="Current"/> is read by handshakes on thread-pool threads without a lock (one
/// volatile reference, replaced whole); <see cref="Reload"/> runs on the reloader's timer thread,
/// and its lock only keeps two reloads from interleaving their logs. The old certificate is not
/// disposed: a handshake that read it just before the swap may still be using it.
/// </remarks>
internal sealed partial class TlsCertificateHolder
{
    private readonly IOptions<TlsOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TlsCertificateHolder> _logger;
    private readonly Lock _reloading = new();
    private volatile TlsCertificate? _current;

    /// <remarks>
    /// Made before the settings are validated (Kestrel's listeners are configured first), so
    /// nothing here reads them: the certificate is loaded on first use, by the reloader's start
    /// (or a handshake, whichever comes first), when a bad setting has already stopped the start.
    /// </remarks>
    public TlsCertificateHolder(IOptions<TlsOptions> options, TimeProvider time, ILogger<TlsCertificateHolder> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether TLS is on (a certificate is configured).</summary>
    public bool IsOn => _options.Value.IsOn;

    /// <summary>The certificate a handshake starting now presents (loaded on first use).</summary>
    public TlsCertificate Current => _current ?? LoadFirst();

    /// <summary>What a handshake starting now is given: the current certificate, no client certificate, no ALPN.</summary>
    public SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificateContext = Current.Context,
        ClientCertificateRequired = false,
        // IRC and the plain protocol have no ALPN name; an empty list keeps Kestrel from offering h2/http1.1.
        ApplicationProtocols = [],
    };

    /// <summary>Reads the files again: the new certificate from now on, or the old one kept and the reason logged.</summary>
    public void Reload()
    {
        if (!IsOn)
        {
            return;
        }

        lock (_reloading)
        {
            if (_current is not { } current)
            {
                LoadFirst();
                return;
            }

            TlsCertificate loaded;
            try
            {
                loaded = TlsCertificateLoader.Load(_options.Value);
            }
            catch (TlsCertificateException ex)
            {
                LogReloadFailed(_logger, ex.Message, current.Description);
                return;
            }

            if (loaded.Leaf.Thumbprint == current.Leaf.Thumbprint)
            {
                loaded.Leaf.Dispose();
                return;
            }

            _current = loaded;
            LogReloaded(_logger, loaded.Description);
            WarnIfOutOfDate(loaded);
        }
    }

    /// <summary>
    /// The first load. The validator loaded the files a moment ago; if they changed since and
    /// cannot be used, this throws <see cref="TlsCertificateException"/>: at start that ends it
    /// (exit 2), on a handshake that handshake fails.
    /// </summary>
    private TlsCertificate LoadFirst()
    {
        lock (_reloading)
        {
            if (_current is { } loaded)
            {
                return loaded;
            }

            if (!IsOn)
            {
                throw new InvalidOperationException("TLS is off: no certificate is configured.");
            }

            var certificate = TlsCertificateLoader.Load(_options.Value);
            LogLoaded(_logger, certificate.Description);
            WarnIfOutOfDate(certificate);
            _current = certificate;
            return certificate;
        }
    }

    private void WarnIfOutOfDate(TlsCertificate certificate)
    {
        if (certificate.ValidityProblem(_time.GetUtcNow()) is { } problem)
        {
            LogOutOfDate(_logger, certificate.Description, problem);
        }
    }

    [LoggerMessage(EventId = 150, EventName = "TlsCertificateLoaded", Level = LogLevel.Information, Message = "TLS certificate {Certificate}")]
    private static partial void LogLoaded(ILogger logger, string certificate);

    [LoggerMessage(EventId = 151, EventName = "TlsCertificateOutOfDate", Level = LogLevel.Warning, Message = "TLS certificate {Certificate} is used although {Problem}")]
    private static partial void LogOutOfDate(ILogger logger, string certificate, string problem);

    [LoggerMessage(EventId = 152, EventName = "TlsCertificateReloaded", Level = LogLevel.Information, Message = "TLS certificate reloaded: new connections get {Certificate}")]
    private static partial void LogReloaded(ILogger logger, string certificate);

    [LoggerMessage(EventId = 153, EventName = "TlsCertificateReloadFailed", Level = LogLevel.Warning, Message = "TLS certificate not reloaded: {Problem}; new connections still get {Certificate}")]
    private static partial void LogReloadFailed(ILogger logger, string problem, string certificate);
}
