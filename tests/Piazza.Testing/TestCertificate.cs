using Piazza.Server.Tls;

namespace Piazza.Testing;

/// <summary>
/// A certificate for a test server, made as <c>piazza-server dev-cert</c> makes one (self-signed
/// for localhost) and written as PEM files in a folder of the test's.
/// </summary>
/// <param name="CertificatePath">The certificate's PEM file.</param>
/// <param name="KeyPath">The private key's PEM file.</param>
/// <param name="Thumbprint">The certificate's SHA-1 thumbprint, as a TLS client sees it.</param>
public sealed record TestCertificate(string CertificatePath, string KeyPath, string Thumbprint)
{
    /// <summary>Writes a new certificate and key as <c>cert.pem</c> and <c>key.pem</c> in <paramref name="folder"/> (replacing them).</summary>
    public static TestCertificate Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var (certificatePem, keyPem, certificate) = DevCertificate.Create(DateTimeOffset.UtcNow);
        using (certificate)
        {
            var certificatePath = Path.Combine(folder, "cert.pem");
            var keyPath = Path.Combine(folder, "key.pem");
            File.WriteAllText(keyPath, keyPem);
            File.WriteAllText(certificatePath, certificatePem);
            return new TestCertificate(certificatePath, keyPath, certificate.Thumbprint);
        }
    }

    /// <summary>The settings that give a test server this certificate (for <see cref="TestServer.StartAsync(string[])"/>).</summary>
    public string[] Settings => [$"Tls:Certificate={CertificatePath}", $"Tls:Key={KeyPath}"];
}
