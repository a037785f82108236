using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Piazza.Server.Tls;

/// <summary>
/// Reads <c>Tls:Certificate</c> (and <c>Tls:Key</c>, <c>Tls:Password</c>) into a
/// <see cref="TlsCertificate"/>, with System.Security.Cryptography only (no openssl program).
/// Every failure is a <see cref="TlsCertificateException"/> naming the setting: the validator at
/// start turns it into exit 2, a reload into a warning that keeps the old certificate.
/// </summary>
internal static class TlsCertificateLoader
{
    private const string CertificateKey = TlsOptions.Section + ":" + nameof(TlsOptions.Certificate);
    private const string KeyKey = TlsOptions.Section + ":" + nameof(TlsOptions.Key);
    private const string PasswordKey = TlsOptions.Section + ":" + nameof(TlsOptions.Password);

    /// <summary>Loads the configured certificate; TLS must be on (<see cref="TlsOptions.IsOn"/>).</summary>
    public static TlsCertificate Load(TlsOptions options)
    {
        var certificatePath = Path.GetFullPath(options.Certificate!);
        var certificateBytes = ReadFile(certificatePath, CertificateKey);
        var (leaf, chain) = IsPem(certificateBytes)
            ? LoadPem(certificatePath, certificateBytes, options)
            : LoadPkcs12(certificatePath, certificateBytes, options);

        // SChannel (Windows) cannot use a key that lives only in memory; a PKCS#12 round trip
        // gives it one it can. OpenSSL (Linux, macOS) uses the key as it is.
        if (OperatingSystem.IsWindows())
        {
            var persisted = X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null);
            leaf.Dispose();
            leaf = persisted;
        }

        // offline: an intermediate missing from the file is not fetched from the network at start.
        var context = SslStreamCertificateContext.Create(leaf, chain, offline: true);
        return new TlsCertificate(leaf, context);
    }

    /// <summary>The files a reload watches: the certificate, and the key when it is a file of its own.</summary>
    public static IReadOnlyList<string> Files(TlsOptions options) =>
        string.IsNullOrWhiteSpace(options.Key)
            ? [Path.GetFullPath(options.Certificate!)]
            : [Path.GetFullPath(options.Certificate!), Path.GetFullPath(options.Key)];

    private static bool IsPem(byte[] bytes) => bytes.AsSpan().IndexOf("-----BEGIN"u8) >= 0;

    private static (X509Certificate2 Leaf, X509Certificate2Collection Chain) LoadPem(string path, byte[] bytes, TlsOptions options)
    {
        var certificatePem = System.Text.Encoding.UTF8.GetString(bytes);
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPem(certificatePem);
        }
        catch (CryptographicException ex)
        {
            throw new TlsCertificateException($"{CertificateKey} {path} holds a PEM block that is not a certificate ({ex.Message})", ex);
        }

        if (all.Count == 0)
        {
            throw new TlsCertificateException($"{CertificateKey} {path} holds no certificate (a PEM block BEGIN CERTIFICATE)");
        }

        var keyFromOwnFile = !string.IsNullOrWhiteSpace(options.Key);
        var keyPath = keyFromOwnFile ? Path.GetFullPath(options.Key!) : path;
        var keyPem = keyFromOwnFile ? System.Text.Encoding.UTF8.GetString(ReadFile(keyPath, KeyKey)) : certificatePem;
        if (!keyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new TlsCertificateException(keyFromOwnFile
                ? $"{KeyKey} {keyPath} holds no private key (a PEM block such as BEGIN PRIVATE KEY)"
                : $"{CertificateKey} {path} is a PEM certificate without its private key: give the key's file in {KeyKey}");
        }

        var certificate = all[0];
        var leaf = WithKey(certificate, keyPem, keyPath, options.Password, keyFromOwnFile ? KeyKey : CertificateKey);
        all.RemoveAt(0);
        certificate.Dispose();
        return (leaf, all);
    }

    /// <summary>The certificate with the key from <paramref name="keyPem"/>; refuses a key that is not the certificate's.</summary>
    private static X509Certificate2 WithKey(X509Certificate2 certificate, string keyPem, string keyPath, string? password, string keySetting)
    {
        try
        {
            if (certificate.GetRSAPublicKey() is { } rsaPublic)
            {
                rsaPublic.Dispose();
                using var rsa = RSA.Create();
                Import(rsa, keyPem, password);
                return certificate.CopyWithPrivateKey(rsa);
            }

            if (certificate.GetECDsaPublicKey() is { } ecPublic)
            {
                ecPublic.Dispose();
                using var ec = ECDsa.Create();
                Import(ec, keyPem, password);
                return certificate.CopyWithPrivateKey(ec);
            }
        }
        catch (ArgumentException ex)
        {
            // CopyWithPrivateKey: "The provided key does not match the public key for this certificate."
            throw new TlsCertificateException($"{keySetting} {keyPath} is not the key of the certificate in {CertificateKey} (a key from another certificate?)", ex);
        }
        catch (CryptographicException ex)
        {
            var hint = password is null ? string.Empty : $" or {PasswordKey} does not open it";
            throw new TlsCertificateException($"{keySetting} {keyPath} holds no usable private key of the certificate's kind{hint} ({ex.Message})", ex);
        }

        throw new TlsCertificateException($"{CertificateKey} has a key of a kind this server cannot use ({certificate.PublicKey.Oid.FriendlyName}): use RSA or ECDSA");
    }

    private static void Import(AsymmetricAlgorithm key, string pem, string? password)
    {
        if (pem.Contains("ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal) && password is not null)
        {
            key.ImportFromEncryptedPem(pem, password);
        }
        else
        {
            key.ImportFromPem(pem);
        }
    }

    private static (X509Certificate2 Leaf, X509Certificate2Collection Chain) LoadPkcs12(string path, byte[] bytes, TlsOptions options)
    {
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12Collection(bytes, options.Password);
        }
        catch (CryptographicException ex)
        {
            var why = options.Password is null
                ? $"it is neither PEM nor a PFX that opens without a password; give {PasswordKey}"
                : $"{PasswordKey} does not open it, or it is not a PFX";
            throw new TlsCertificateException($"{CertificateKey} {path} cannot be read as a certificate: {why} ({ex.Message})", ex);
        }

        var leaf = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new TlsCertificateException($"{CertificateKey} {path} is a PFX without a private key: export it with its key");
        all.Remove(leaf);
        return (leaf, all);
    }

    private static byte[] ReadFile(string path, string setting)
    {
        if (Directory.Exists(path))
        {
            throw new TlsCertificateException($"{setting} {path} is a folder: name the file in it");
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TlsCertificateException($"{setting} {path} does not exist", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new TlsCertificateException($"{setting} {path} cannot be read by this user (permission denied)", ex);
        }
        catch (IOException ex)
        {
            throw new TlsCertificateException($"{setting} {path} cannot be read ({ex.Message})", ex);
        }
    }
}
