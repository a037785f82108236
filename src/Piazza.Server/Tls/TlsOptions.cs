namespace Piazza.Server.Tls;

/// <summary>
/// TLS settings, bound from the configuration section <c>Tls</c>
/// (<c>--Tls:Certificate=/etc/piazza/cert.pem --Tls:Key=/etc/piazza/key.pem</c>). With no
/// certificate TLS is off and nothing listens on <c>Listen:Tls</c>. Checked at startup by
/// <see cref="TlsOptionsValidator"/>, which also loads the certificate once to prove it usable.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Tls";

    /// <summary>
    /// The server's certificate: a PEM file (its chain may follow the certificate), with the key
    /// in <see cref="Key"/> or in the same file; or a PKCS#12 (.pfx) file holding the key, opened
    /// with <see cref="Password"/>. A relative path is taken from the working directory. Default
    /// none: TLS off.
    /// </summary>
    public string? Certificate { get; set; }

    /// <summary>The private key's PEM file (PKCS#8, RSA or EC) for a PEM <see cref="Certificate"/>. Default none.</summary>
    public string? Key { get; set; }

    /// <summary>The password of a PFX <see cref="Certificate"/> (or of an encrypted PEM key). Never logged. Default none.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Seconds a client has from its connection to the end of the TLS handshake (on the chat
    /// port, from its first byte); then it is closed, so a client that never finishes does not
    /// hold a connection. Default 10, as Kestrel's.
    /// </summary>
    public int HandshakeTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Whether IRC clients are offered the IRCv3 <c>sts</c> policy (https://ircv3.net/specs/extensions/sts):
    /// <c>sts=port=…</c> (the <c>Listen:Tls</c> port) on plain connections, <c>sts=duration=…</c> on
    /// TLS ones. Default true. A client that follows it checks the certificate strictly, so a
    /// server with a self-signed certificate (<c>piazza-server dev-cert</c>) turns it off.
    /// </summary>
    public bool Sts { get; set; } = true;

    /// <summary>
    /// The <c>duration</c> of the sts policy, in seconds: how long a client that saw it over TLS
    /// must use TLS only. Default 0 (the spec's advice for a default: nothing persists until the
    /// operator chooses a duration; clients are still upgraded on each connection). A month is
    /// 2592000.
    /// </summary>
    public int StsDurationSeconds { get; set; }

    /// <summary>Whether a certificate is configured: TLS is on.</summary>
    public bool IsOn => !string.IsNullOrWhiteSpace(Certificate);

    /// <summary>
    /// <see cref="IsOn"/> read from the configuration itself: for Kestrel's listeners, which are
    /// configured before the settings are validated (reading the options there would validate
    /// this section alone and hide the other sections' problems).
    /// </summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[Section + ":" + nameof(Certificate)]);
}
