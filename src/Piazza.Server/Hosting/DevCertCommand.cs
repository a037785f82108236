using System.Security.Cryptography;
using System.Text.Json;

using Piazza.Server.Tls;

namespace Piazza.Server.Hosting;

/// <summary>
/// <c>piazza-server dev-cert [--out DIR]</c>: writes a self-signed certificate for localhost
/// (<see cref="DevCertificate"/>) as <c>cert.pem</c> and <c>key.pem</c> (readable by the user
/// only) in DIR, by default <c>dev-cert</c> in the user's data folder, and prints the <c>Tls:</c>
/// settings that use them. Files already there are replaced (a running server reloads them).
/// </summary>
internal static class DevCertCommand
{
    /// <summary>The command-line word that selects this command.</summary>
    public const string Verb = "dev-cert";

    /// <summary>The certificate's file name in the folder.</summary>
    public const string CertificateFile = "cert.pem";

    /// <summary>The key's file name in the folder.</summary>
    public const string KeyFile = "key.pem";

    /// <summary>The folder when <c>--out</c> is not given.</summary>
    public static string DefaultFolder => Path.Combine(DataOptions.DefaultPath, "dev-cert");

    /// <summary>Exit code 0 with the files written and the settings on <paramref name="output"/>; 2 for a bad argument, 1 when the files cannot be written.</summary>
    /// <param name="args">The arguments after <c>dev-cert</c>.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider? time = null)
    {
        string? folder = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" or "-o" when i + 1 < args.Length:
                    folder = args[++i];
                    break;
                case var arg when arg.StartsWith("--out=", StringComparison.Ordinal):
                    folder = arg["--out=".Length..];
                    break;
                case "--help" or "-h":
                    output.WriteLine("Usage: piazza-server dev-cert [--out DIR]   (default DIR: " + DefaultFolder + ")");
                    return 0;
                default:
                    error.WriteLine($"piazza-server dev-cert: '{args[i]}' is not an option; usage: piazza-server dev-cert [--out DIR]");
                    return StartupFailure.BadSettings;
            }
        }

        folder = Path.GetFullPath(string.IsNullOrWhiteSpace(folder) ? DefaultFolder : folder);
        var certificatePath = Path.Combine(folder, CertificateFile);
        var keyPath = Path.Combine(folder, KeyFile);
        var (certificatePem, keyPem, certificate) = DevCertificate.Create((time ?? TimeProvider.System).GetUtcNow());
        using (certificate)
        {
            try
            {
                Directory.CreateDirectory(folder);
                WritePrivate(keyPath, keyPem);
                File.WriteAllText(certificatePath, certificatePem);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"piazza-server dev-cert: cannot write in {folder}: {ex.Message}");
                return StartupFailure.CannotStart;
            }

            output.Write(Explain(certificatePath, keyPath, certificate));
        }

        return 0;
    }

    /// <summary>What the command prints: the files, and the settings to use them.</summary>
    private static string Explain(string certificatePath, string keyPath, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var json = $$"""{ "Tls": { "Certificate": {{JsonSerializer.Serialize(certificatePath)}}, "Key": {{JsonSerializer.Serialize(keyPath)}}, "Sts": false } }""";
        var fingerprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
        return $"""
            Wrote a self-signed certificate for localhost, 127.0.0.1 and ::1, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}:
              certificate  {certificatePath}
              private key  {keyPath} (readable by you only)
              SHA-256      {string.Join(':', Enumerable.Range(0, fingerprint.Length / 2).Select(i => fingerprint.Substring(i * 2, 2)))}

            Start the server with TLS, with any one of:
              piazza-server --Tls:Certificate={Quote(certificatePath)} --Tls:Key={Quote(keyPath)} --Tls:Sts=false
              PIAZZA__Tls__Certificate={Quote(certificatePath)} PIAZZA__Tls__Key={Quote(keyPath)} PIAZZA__Tls__Sts=false piazza-server
              appsettings.json: {json}
            (Tls:Sts=false: clients that follow sts must verify the certificate, and nobody trusts a
            self-signed one.) Then TLS is on the chat port (127.0.0.1:54321) and IRC over TLS on
            127.0.0.1:6697 (Listen:Tls):
              openssl s_client -connect 127.0.0.1:54321 -CAfile {Quote(certificatePath)}
              /connect -tls -tls_cafile {Quote(certificatePath)} localhost 6697     (in irssi, which checks the name)
              piazza --tls --insecure

            """;
    }

    /// <summary>A path as a shell word: quoted when it has anything but safe characters.</summary>
    private static string Quote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ':' or '\\')
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Writes a file only its owner can read or write (0600), replacing one already there.</summary>
    private static void WritePrivate(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

            // UnixCreateMode applies to a new file only: an old key file loses its other bits first.
            if (File.Exists(path))
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
