using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Tls;

/// <summary>
/// A certificate renewed on disk is used by the next connection without a restart; files that
/// cannot be used keep the old one, and the log says why.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TlsReloadTests : IDisposable
{
    private const int Loaded = 150;
    private const int Reloaded = 152;
    private const int ReloadFailed = 153;

    private readonly string _folder = TestServer.NewDataDirectory();
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task New_files_on_disk_are_the_next_connections_certificate()
    {
        var first = TestCertificate.Write(_folder);
        await using var server = await StartAsync(first);
        await using var before = await LineClient.ConnectTlsAsync(server.EndPoint);
        Assert.Equal(first.Thumbprint, before.ServerThumbprint);
        Assert.Contains(first.Thumbprint, (await _logs.WaitForAsync(Loaded)).Message, StringComparison.Ordinal);

        var renewed = TestCertificate.Write(_folder);
        var logged = await _logs.WaitForAsync(l => l.EventId.Id == Reloaded && l.Message.Contains(renewed.Thumbprint, StringComparison.Ordinal));
        await using var after = await IrcClient.ConnectTlsAsync(server.TlsEndPoint!);
        await after.RegisterAsync("alice");

        Assert.NotEqual(first.Thumbprint, renewed.Thumbprint);
        Assert.Equal(renewed.Thumbprint, after.ServerThumbprint);
        Assert.Equal(LogLevel.Information, logged.Level);

        // The connection made before the reload goes on as it was.
        await before.SendAsync("/nick bob");
        await before.ExpectAsync("* you are now known as bob");
    }

    [Fact]
    public async Task A_key_file_that_cannot_be_used_keeps_the_old_certificate_and_says_why()
    {
        var first = TestCertificate.Write(_folder);
        await using var server = await StartAsync(first);

        await File.WriteAllTextAsync(first.KeyPath, "not a key\n");
        var logged = await _logs.WaitForAsync(ReloadFailed);
        await using var after = await LineClient.ConnectTlsAsync(server.EndPoint);

        Assert.Equal(first.Thumbprint, after.ServerThumbprint);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains($"Tls:Key {first.KeyPath} holds no private key", logged.Message, StringComparison.Ordinal);
        Assert.Contains(first.Thumbprint, logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, l => l.EventId.Id == Reloaded);
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

    private Task<TestServer> StartAsync(TestCertificate certificate) => TestServer.StartAsync(
        services => services.AddSingleton<ILoggerProvider>(_logs),
        ["Logging:LogLevel:Piazza=Debug", "Logging:Console:LogLevel:Default=Warning", .. certificate.Settings]);
}
