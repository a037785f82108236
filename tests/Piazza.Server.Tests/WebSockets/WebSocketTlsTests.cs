using System.Net;
using System.Net.Security;
using System.Net.WebSockets;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.WebSockets;

/// <summary>
/// With a certificate, the HTTP port takes TLS on the same port: <c>wss://…/ws</c> and
/// <c>https://…/healthz</c> with the chat's certificate, while <c>ws://</c> and <c>http://</c> go on.
/// </summary>
[Trait("Category", "Slow")]
public sealed class WebSocketTlsTests : IDisposable
{
    private const int Reloaded = 152;

    private readonly string _folder = TestServer.NewDataDirectory();
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task Wss_and_ws_share_the_http_port_and_chat_together()
    {
        var certificate = TestCertificate.Write(_folder);
        await using var server = await TestServer.StartAsync(certificate.Settings);
        var secureUri = new Uri($"wss://localhost:{server.HttpEndPoint!.Port}/ws");

        var secure = await IrcClient.ConnectWebSocketAsync(secureUri, ["text.ircv3.net"]);
        await using var _ = secure;
        await secure.RegisterAsync("secure");
        var plain = await server.ConnectWebSocketIrcAsync("plainws", "text.ircv3.net");
        await IrcClient.JoinAllAsync("#dev", secure, plain);

        await secure.SendAsync("PRIVMSG #dev :over TLS");
        Assert.Equal("over TLS", (await plain.ExpectAsync("PRIVMSG")).Last);
        await plain.SendAsync("WHOIS secure");
        var whois = await plain.ReadUntilAsync(l => l.Is("318"));
        Assert.Contains(whois, l => l.Is("671"));
        Assert.Empty(secure.WebSocket!.Problems);
    }

    [Fact]
    public async Task Https_healthz_presents_the_chats_certificate_and_plain_http_still_answers()
    {
        var certificate = TestCertificate.Write(_folder);
        await using var server = await TestServer.StartAsync(certificate.Settings);

        Assert.Equal(certificate.Thumbprint, await HealthzThumbprintAsync(server));
        using var http = new HttpClient { Timeout = TestServer.Timeout };
        using var plain = await http.GetAsync(new Uri($"http://{server.HttpEndPoint}/healthz"));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Fact]
    public async Task A_renewed_certificate_is_the_next_https_connections()
    {
        var first = TestCertificate.Write(_folder);
        await using var server = await TestServer.StartAsync(
            services => services.AddSingleton<ILoggerProvider>(_logs),
            ["Logging:LogLevel:Piazza=Debug", "Logging:Console:LogLevel:Default=Warning", .. first.Settings]);
        Assert.Equal(first.Thumbprint, await HealthzThumbprintAsync(server));

        var renewed = TestCertificate.Write(_folder);
        await _logs.WaitForAsync(l => l.EventId.Id == Reloaded && l.Message.Contains(renewed.Thumbprint, StringComparison.Ordinal));

        Assert.Equal(renewed.Thumbprint, await HealthzThumbprintAsync(server));
    }

    private static async Task<string?> HealthzThumbprintAsync(TestServer server)
    {
        string? thumbprint = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                {
                    thumbprint = presented?.GetCertHashString();
                    return presented?.Subject == "CN=localhost";
                },
            },
        };
        using var http = new HttpClient(handler) { Timeout = TestServer.Timeout };
        using var response = await http.GetAsync(new Uri($"https://localhost:{server.HttpEndPoint!.Port}/healthz"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return thumbprint;
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
