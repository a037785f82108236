using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Server.Tests.Settings;
using Piazza.Testing;

namespace Piazza.Server.Tests.Tls;

/// <summary>
/// Tls:* at start: a certificate the server cannot use stops it with one line naming the setting
/// and the file (exit 2); an expired one starts with a warning; a PFX with its password works.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TlsSettingsTests : IDisposable
{
    private readonly string _folder = TestServer.NewDataDirectory();

    [Fact]
    public async Task A_missing_certificate_file_is_named()
    {
        var missing = Path.Combine(_folder, "nowhere.pem");

        var failure = await BadSettingsTests.StartFailureAsync($"--Tls:Certificate={missing}", $"--Tls:Key={missing}");

        Assert.Equal((2, $"Tls:Certificate {missing} does not exist"), (failure.ExitCode, failure.Line));
    }

    [Fact]
    public async Task A_key_without_a_certificate_is_refused()
    {
        var certificate = TestCertificate.Write(_folder);

        var failure = await BadSettingsTests.StartFailureAsync($"--Tls:Key={certificate.KeyPath}");

        Assert.Equal("Tls:Key is set but Tls:Certificate is not: give the certificate's file too (or neither, for no TLS)", failure.Line);
    }

    [Fact]
    public async Task The_key_of_another_certificate_is_refused()
    {
        var certificate = TestCertificate.Write(Path.Combine(_folder, "a"));
        var other = TestCertificate.Write(Path.Combine(_folder, "b"));

        var failure = await BadSettingsTests.StartFailureAsync($"--Tls:Certificate={certificate.CertificatePath}", $"--Tls:Key={other.KeyPath}");

        Assert.Equal($"Tls:Key {other.KeyPath} is not the key of the certificate in Tls:Certificate (a key from another certificate?)", failure.Line);
    }

    [Fact]
    public async Task A_pem_certificate_without_a_key_says_where_the_key_goes()
    {
        var certificate = TestCertificate.Write(_folder);

        var failure = await BadSettingsTests.StartFailureAsync($"--Tls:Certificate={certificate.CertificatePath}");

        Assert.Equal($"Tls:Certificate {certificate.CertificatePath} is a PEM certificate without its private key: give the key's file in Tls:Key", failure.Line);
    }

    [Fact]
    public async Task Files_swapped_are_told_apart()
    {
        var certificate = TestCertificate.Write(_folder);

        var failure = await BadSettingsTests.StartFailureAsync($"--Tls:Certificate={certificate.KeyPath}", $"--Tls:Key={certificate.CertificatePath}");

        Assert.Equal($"Tls:Certificate {certificate.KeyPath} holds no certificate (a PEM block BEGIN CERTIFICATE)", failure.Line);
    }

    [Fact]
    public async Task A_folder_given_for_a_file_is_named()
    {
        var certificate = TestCertificate.Write(_folder);

        var failure = await BadSettingsTests.StartFailureAsync($"--Tls:Certificate={certificate.CertificatePath}", $"--Tls:Key={_folder}");

        Assert.Equal($"Tls:Key {_folder} is a folder: name the file in it", failure.Line);
    }

    [Fact]
    public async Task A_pfx_opens_with_its_password_and_a_wrong_password_is_named()
    {
        var pfx = Path.Combine(_folder, "server.pfx");
        var (_, _, certificate) = Piazza.Server.Tls.DevCertificate.Create(DateTimeOffset.UtcNow);
        string thumbprint;
        using (certificate)
        {
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "s3cret"));
            thumbprint = certificate.Thumbprint;
        }

        var failure = await BadSettingsTests.StartFailureAsync($"--Tls:Certificate={pfx}", "--Tls:Password=wrong");
        Assert.StartsWith($"Tls:Certificate {pfx} cannot be read as a certificate: Tls:Password does not open it, or it is not a PFX", failure.Line, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", failure.Line, StringComparison.Ordinal);

        await using var server = await TestServer.StartAsync($"Tls:Certificate={pfx}", "Tls:Password=s3cret");
        await using var client = await LineClient.ConnectTlsAsync(server.EndPoint);
        Assert.Equal(thumbprint, client.ServerThumbprint);
    }

    [Theory]
    [InlineData("Tls:HandshakeTimeoutSeconds=0", "Tls:HandshakeTimeoutSeconds must be from 1 to 3600 (was 0)")]
    [InlineData("Tls:StsDurationSeconds=-1", "Tls:StsDurationSeconds must be 0 or more (was -1)")]
    [InlineData("Tls:Sts=maybe", "Tls:Sts must be true or false (was 'maybe')")]
    [InlineData("Listen:Tls=6697", "Listen:Tls must be an address and port such as 127.0.0.1:6697, [::1]:6697 or 0.0.0.0:6697, or off (was '6697')")]
    [InlineData("Tls:Cert=x", "Tls:Cert is not a setting: Tls has Certificate, Key, Password, HandshakeTimeoutSeconds, Sts, StsDurationSeconds")]
    public async Task A_bad_tls_setting_is_one_line_naming_it(string setting, string expected)
    {
        var failure = await BadSettingsTests.StartFailureAsync("--" + setting);

        Assert.Equal((2, expected), (failure.ExitCode, failure.Line));
    }

    [Fact]
    public async Task With_tls_on_a_bad_tls_setting_and_a_bad_setting_elsewhere_are_both_named()
    {
        // The listeners are configured before the settings are checked: reading Tls:* or Irc:*
        // there would report that section alone.
        var certificate = TestCertificate.Write(_folder);

        var failure = await BadSettingsTests.StartFailureAsync(
            $"--Tls:Certificate={certificate.CertificatePath}", $"--Tls:Key={certificate.KeyPath}", "--Tls:HandshakeTimeoutSeconds=0", "--Irc:DetectTimeoutMilliseconds=0", "--Chat:MaxNickLength=0");

        Assert.Contains("Tls:HandshakeTimeoutSeconds must be from 1 to 3600 (was 0)", failure.Line, StringComparison.Ordinal);
        Assert.Contains("Irc:DetectTimeoutMilliseconds must be from 1 to 60000 (was 0)", failure.Line, StringComparison.Ordinal);
        Assert.Contains("Chat:MaxNickLength must be positive (was 0)", failure.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_Tls_may_not_take_another_listeners_port()
    {
        var failure = await BadSettingsTests.StartFailureAsync("--Listen:Irc=127.0.0.1:6697");

        Assert.Equal("Listen:Tls must differ from Listen:Irc (both are 127.0.0.1:6697)", failure.Line);
    }

    [Fact]
    public async Task A_taken_tls_port_is_named_with_exit_code_1()
    {
        var certificate = TestCertificate.Write(_folder);
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var failure = await BadSettingsTests.StartFailureAsync(
            $"--Tls:Certificate={certificate.CertificatePath}", $"--Tls:Key={certificate.KeyPath}", $"--Listen:Tls=127.0.0.1:{port}");

        Assert.Equal(1, failure.ExitCode);
        Assert.StartsWith($"Listen:Tls 127.0.0.1:{port} is already in use", failure.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_certificate_Listen_Tls_is_not_bound()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        await using var server = await TestServer.StartAsync($"Listen:Tls=127.0.0.1:{port}");

        Assert.Null(server.TlsEndPoint);
    }

    [Fact]
    public async Task An_expired_certificate_starts_with_a_warning()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var expired = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        var certificatePath = Path.Combine(_folder, "cert.pem");
        var keyPath = Path.Combine(_folder, "key.pem");
        await File.WriteAllTextAsync(certificatePath, expired.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        var logs = new CapturedLogs();

        await using var server = await TestServer.StartAsync(services => services.AddSingleton<ILoggerProvider>(logs), $"Tls:Certificate={certificatePath}", $"Tls:Key={keyPath}");
        var warning = await logs.WaitForAsync(151);

        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("expired on", warning.Message, StringComparison.Ordinal);
        Assert.NotNull(server.TlsEndPoint);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
