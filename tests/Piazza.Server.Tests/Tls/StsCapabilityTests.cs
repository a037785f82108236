using System.Globalization;

using Piazza.Testing;

namespace Piazza.Server.Tests.Tls;

/// <summary>
/// The IRCv3 sts policy (https://ircv3.net/specs/extensions/sts): the TLS port on plain
/// connections, the duration on TLS ones, only where cap values are listed (CAP LS 302), never
/// requestable, and not at all with TLS off or Tls:Sts=false.
/// </summary>
[Trait("Category", "Slow")]
public sealed class StsCapabilityTests : IDisposable
{
    private readonly string _folder = TestServer.NewDataDirectory();

    [Fact]
    public async Task A_plain_connection_is_told_the_tls_port_on_both_plain_ports()
    {
        await using var server = await StartTlsAsync("Tls:StsDurationSeconds=2592000");
        var port = server.TlsEndPoint!.Port.ToString(CultureInfo.InvariantCulture);

        Assert.Equal("port=" + port, await StsOfferedAsync(await IrcClient.ConnectAsync(server.IrcEndPoint)));
        Assert.Equal("port=" + port, await StsOfferedAsync(await IrcClient.ConnectAsync(server.EndPoint)));
    }

    [Fact]
    public async Task A_tls_connection_is_told_the_duration_on_both_tls_ports()
    {
        await using var server = await StartTlsAsync("Tls:StsDurationSeconds=2592000");

        Assert.Equal("duration=2592000", await StsOfferedAsync(await IrcClient.ConnectTlsAsync(server.TlsEndPoint!)));
        Assert.Equal("duration=2592000", await StsOfferedAsync(await IrcClient.ConnectTlsAsync(server.EndPoint)));
    }

    [Fact]
    public async Task The_duration_is_0_unless_the_operator_sets_one()
    {
        await using var server = await StartTlsAsync();

        Assert.Equal("duration=0", await StsOfferedAsync(await IrcClient.ConnectTlsAsync(server.TlsEndPoint!)));
    }

    [Fact]
    public async Task Without_Listen_Tls_the_policy_names_the_chat_port_which_takes_tls()
    {
        await using var server = await StartTlsAsync("Listen:Tls=off");

        Assert.Null(server.TlsEndPoint);
        Assert.Equal("port=" + server.EndPoint.Port.ToString(CultureInfo.InvariantCulture), await StsOfferedAsync(await IrcClient.ConnectAsync(server.IrcEndPoint)));
    }

    [Fact]
    public async Task A_client_before_302_is_not_offered_sts_and_none_may_request_it()
    {
        await using var server = await StartTlsAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        await client.SendAsync("CAP LS");
        var ls = await client.ExpectAsync("CAP");
        await client.SendAsync("CAP REQ sts");
        var nak = await client.ExpectAsync("CAP");

        Assert.DoesNotContain("sts", ls.Last.Split(' '));
        Assert.Equal(("NAK", "sts"), (nak[1], nak.Last));
    }

    [Fact]
    public async Task Sts_false_or_tls_off_offers_no_sts()
    {
        await using (var server = await StartTlsAsync("Tls:Sts=false"))
        {
            Assert.Null(await StsOfferedAsync(await IrcClient.ConnectAsync(server.IrcEndPoint)));
            Assert.Null(await StsOfferedAsync(await IrcClient.ConnectTlsAsync(server.TlsEndPoint!)));
        }

        await using (var server = await TestServer.StartAsync())
        {
            Assert.Null(server.TlsEndPoint);
            Assert.Null(await StsOfferedAsync(await IrcClient.ConnectAsync(server.IrcEndPoint)));
        }
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

    private Task<TestServer> StartTlsAsync(params string[] settings) =>
        TestServer.StartAsync([.. TestCertificate.Write(_folder).Settings, .. settings]);

    /// <summary>Asks CAP LS 302 and returns the value of sts in the answer, or null when it is not listed; closes the client.</summary>
    private static async Task<string?> StsOfferedAsync(IrcClient client)
    {
        await using (client)
        {
            await client.SendAsync("CAP LS 302");
            var ls = await client.ExpectAsync("CAP");
            Assert.Equal("LS", ls[1]);
            var sts = ls.Last.Split(' ').Where(c => c == "sts" || c.StartsWith("sts=", StringComparison.Ordinal)).ToList();
            return sts.Count == 0 ? null : Assert.Single(sts)["sts=".Length..];
        }
    }
}
