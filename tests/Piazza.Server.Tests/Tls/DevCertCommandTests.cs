using System.Security.Cryptography.X509Certificates;

using Piazza.Server.Hosting;
using Piazza.Testing;

namespace Piazza.Server.Tests.Tls;

/// <summary><c>piazza-server dev-cert</c>: the files it writes, what it prints, and that a server starts with them.</summary>
public sealed class DevCertCommandTests : IDisposable
{
    private readonly string _folder = TestServer.NewDataDirectory();

    [Fact]
    public void It_writes_a_certificate_for_localhost_and_its_key_readable_by_the_user_only()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var folder = Path.Combine(_folder, "new folder");

        var exitCode = DevCertCommand.Run(["--out", folder], output, error);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error.ToString());
        var certificatePath = Path.Combine(folder, "cert.pem");
        var keyPath = Path.Combine(folder, "key.pem");
        using var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        Assert.Equal("CN=localhost", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(365, (certificate.NotAfter - certificate.NotBefore).TotalDays, 0.01);
        var names = Assert.Single(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.Equal(["127.0.0.1", "::1"], names.EnumerateIPAddresses().Select(a => a.ToString()));
        Assert.Contains(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }

        // The settings to use them, each form quoting the folder's space for a shell or JSON.
        var printed = output.ToString();
        Assert.Contains($"--Tls:Certificate='{certificatePath}' --Tls:Key='{keyPath}' --Tls:Sts=false", printed, StringComparison.Ordinal);
        Assert.Contains($"PIAZZA__Tls__Certificate='{certificatePath}' PIAZZA__Tls__Key='{keyPath}'", printed, StringComparison.Ordinal);
        Assert.Contains($$"""{ "Tls": { "Certificate": "{{certificatePath}}", "Key": "{{keyPath}}", "Sts": false } }""", printed, StringComparison.Ordinal);
        Assert.Contains("openssl s_client -connect 127.0.0.1:54321", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_again_it_replaces_the_files_and_the_old_key_loses_any_other_permission()
    {
        Assert.Equal(0, DevCertCommand.Run(["--out=" + _folder], TextWriter.Null, TextWriter.Null));
        var keyPath = Path.Combine(_folder, "key.pem");
        var firstKey = File.ReadAllText(keyPath);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        }

        Assert.Equal(0, DevCertCommand.Run(["--out", _folder], TextWriter.Null, TextWriter.Null));

        Assert.NotEqual(firstKey, File.ReadAllText(keyPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }
    }

    [Fact]
    public void An_unknown_option_is_one_line_and_exit_code_2()
    {
        var error = new StringWriter();

        Assert.Equal(2, DevCertCommand.Run(["--outt", _folder], TextWriter.Null, error));
        Assert.Equal("piazza-server dev-cert: '--outt' is not an option; usage: piazza-server dev-cert [--out DIR]", error.ToString().TrimEnd());
        Assert.False(File.Exists(Path.Combine(_folder, "cert.pem")));
    }

    [Fact]
    public async Task A_server_started_with_the_files_speaks_tls()
    {
        Assert.Equal(0, DevCertCommand.Run(["--out", _folder], TextWriter.Null, TextWriter.Null));
        await using var server = await TestServer.StartAsync($"Tls:Certificate={Path.Combine(_folder, "cert.pem")}", $"Tls:Key={Path.Combine(_folder, "key.pem")}");

        await using var client = await LineClient.ConnectTlsAsync(server.EndPoint);
        using var written = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_folder, "cert.pem")));
        Assert.Equal(written.Thumbprint, client.ServerThumbprint);
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
