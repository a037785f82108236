using Piazza.Client.Irc;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>--tls against a self-signed certificate: refused by default, accepted with --insecure.</summary>
[Trait("Category", "Slow")]
public sealed class TlsTests
{
    [Fact]
    public async Task With_insecure_the_client_chats_over_TLS_to_a_self_signed_server()
    {
        await using var server = await TestServer.StartAsync();
        await using var tls = new TlsProxy(server.IrcEndPoint);
        var settings = TestChatClient.Settings(tls.EndPoint, "alice") with { Tls = true, Insecure = true };
        await using var alice = await TestChatClient.ConnectAsync(settings, "#lobby");
        await using var bob = await TestChatClient.ConnectAsync(server.IrcEndPoint, "bob", "#lobby");

        await alice.TypeAsync("over tls");
        await bob.WaitForMessageAsync("#lobby", "alice", "over tls");
        await bob.TypeAsync("back in clear");
        await alice.WaitForMessageAsync("#lobby", "bob", "back in clear");
    }

    [Fact]
    public async Task Without_insecure_a_self_signed_certificate_fails_the_connection_with_a_hint()
    {
        await using var server = await TestServer.StartAsync();
        await using var tls = new TlsProxy(server.IrcEndPoint);
        var settings = TestChatClient.Settings(tls.EndPoint, "alice") with { Tls = true };

        var error = await Assert.ThrowsAsync<ConnectionFailedException>(() => TestChatClient.ConnectAsync(settings, "#lobby"));

        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure", error.Message, StringComparison.Ordinal);
    }
}
