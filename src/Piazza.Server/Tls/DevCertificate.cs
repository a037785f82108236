using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Piazza.Server.Tls;

/// <summary>
/// A self-signed certificate for a server on this machine (<c>piazza-server dev-cert</c>):
/// <c>CN=localhost</c>, names <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>, an ECDSA P-256
/// key (small, and fast to handshake), valid for a year, for TLS servers only (serverAuth).
/// Made with System.Security.Cryptography: no openssl program is needed.
/// </summary>
internal static class DevCertificate
{
    /// <summary>How long it is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>A new certificate and its key, both PEM (the key as PKCS#8), valid from a few minutes before <paramref name="now"/>.</summary>
    public static (string CertificatePem, string KeyPem, X509Certificate2 Certificate) Create(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        // A few minutes back: a client whose clock is slightly behind still takes it as valid.
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Lifetime));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), certificate);
    }
}
