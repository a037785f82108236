using Piazza.Testing;

namespace Piazza.Server.Tests.Tls;

/// <summary>WHOIS says who came over TLS: <c>671 &lt;you&gt; &lt;nick&gt; :is using a secure connection</c> (https://modern.ircdocs.horse/#rplwhoissecure-671).</summary>
[Trait("Category", "Slow")]
public sealed class WhoisSecureTests : IDisposable
{
    private readonly string _folder = TestServer.NewDataDirectory();

    [Fact]
    public async Task A_tls_client_is_shown_secure_and_a_plain_one_is_not()
    {
        await using var server = await TestServer.StartAsync([.. TestCertificate.Write(_folder).Settings]);
        await using var secure = await IrcClient.ConnectTlsAsync(server.TlsEndPoint!);
        await secure.RegisterAsync("safe");
        await using var chatPortTls = await IrcClient.ConnectTlsAsync(server.EndPoint);
        await chatPortTls.RegisterAsync("alsosafe");
        await using var plain = await server.ConnectIrcAsync("open");

        await plain.SendAsync("WHOIS safe");
        var safe = await plain.ReadUntilAsync(l => l.Is("318"));
        await plain.SendAsync("WHOIS alsosafe");
        var alsoSafe = await plain.ReadUntilAsync(l => l.Is("318"));
        await secure.SendAsync("WHOIS open");
        var open = await secure.ReadUntilAsync(l => l.Is("318"));

        Assert.Equal(["open", "safe", "is using a secure connection"], safe.Single(l => l.Is("671")).Parameters);
        Assert.Contains(alsoSafe, l => l.Is("671"));
        Assert.DoesNotContain(open, l => l.Is("671"));
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
