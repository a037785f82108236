using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Piazza.Server.Tls;

/// <summary>
/// A certificate the server presents: the leaf with its private key, and the context SslStream
/// uses for every handshake (the leaf and its intermediates, built once, not per connection).
/// </summary>
/// <param name="Leaf">The server's certificate, with its key.</param>
/// <param name="Context">What a handshake is given (<see cref="SslServerAuthenticationOptions.ServerCertificateContext"/>).</param>
internal sealed record TlsCertificate(X509Certificate2 Leaf, SslStreamCertificateContext Context)
{
    /// <summary>How the log names it: subject, thumbprint and end of validity.</summary>
    public string Description => $"{Leaf.Subject} (SHA-1 {Leaf.Thumbprint}, valid until {Leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC)";

    /// <summary>Why the certificate is outside its validity at <paramref name="now"/>, or null: a warning, not a refusal (the operator may be mid-renewal).</summary>
    public string? ValidityProblem(DateTimeOffset now) =>
        now > Leaf.NotAfter.ToUniversalTime() ? $"it expired on {Leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC; clients that check certificates will refuse it"
        : now < Leaf.NotBefore.ToUniversalTime() ? $"it is not valid before {Leaf.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC; clients that check certificates will refuse it"
        : null;
}
