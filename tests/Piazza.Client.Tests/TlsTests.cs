using System.Text.RegularExpressions;

using Piazza.Client.Irc;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

using Xunit.Abstractions;

namespace Piazza.Client.Tests;

/// <summary>
/// --tls against a self-signed certificate: refused by default, accepted with --insecure; against
/// a TLS proxy, and against Piazza's own TLS (a dev-cert certificate) on its TLS port and chat port.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TlsTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _folder = TestServer.NewDataDirectory();

    [Fact]
    public async Task With_insecure_the_client_chats_over_the_servers_own_tls_on_both_of_its_tls_ports()
    {
        await using var server = await TestServer.StartAsync(TestCertificate.Write(_folder).Settings);
        var overTlsPort = TestChatClient.Settings(server.TlsEndPoint!, "alice") with { Tls = true, Insecure = true };
        var overChatPort = TestChatClient.Settings(server.EndPoint, "carol") with { Tls = true, Insecure = true };
        await using var alice = await TestChatClient.ConnectAsync(overTlsPort, "#lobby");
        await using var carol = await TestChatClient.ConnectAsync(overChatPort, "#lobby");
        await using var bob = await TestChatClient.ConnectAsync(server.IrcEndPoint, "bob", "#lobby");

        await alice.TypeAsync("over the tls port");
        await bob.WaitForMessageAsync("#lobby", "alice", "over the tls port");
        await carol.WaitForMessageAsync("#lobby", "alice", "over the tls port");
        await carol.TypeAsync("over the chat port");
        await alice.WaitForMessageAsync("#lobby", "carol", "over the chat port");
        await bob.TypeAsync("in clear");
        await alice.WaitForMessageAsync("#lobby", "bob", "in clear");
    }

    [Fact]
    public async Task The_piazza_executable_with_tls_and_insecure_chats_over_the_servers_tls()
    {
        await using var server = await TestServer.StartAsync(TestCertificate.Write(_folder).Settings);
        await using var bob = await server.ConnectIrcAsync("bob");
        await bob.JoinAsync("#lobby");
        await using var alice = ClientProcess.Connect(server.TlsEndPoint!, "alice", log, "--tls", "--insecure");
        await alice.WaitForLineAsync(new Regex(@"^\[\d\d:\d\d:\d\d\] \* Connected to \S+ as alice\.$"));
        await alice.WaitForBodyAsync("* You joined #lobby");

        await alice.SendLineAsync("hello from piazza over tls");
        var heard = await bob.ExpectAsync("PRIVMSG");
        await bob.SendAsync("PRIVMSG #lobby :welcome, alice");
        await alice.WaitForBodyAsync("<bob> welcome, alice");

        Assert.Equal(("alice", "hello from piazza over tls"), (heard.SourceNick, heard.Last));
    }

    [Fact]
    public async Task Without_insecure_the_servers_dev_certificate_fails_the_connection_with_a_hint()
    {
        await using var server = await TestServer.StartAsync(TestCertificate.Write(_folder).Settings);
        var settings = TestChatClient.Settings(server.TlsEndPoint!, "alice") with { Tls = true };

        var error = await Assert.ThrowsAsync<ConnectionFailedException>(() => TestChatClient.ConnectAsync(settings, "#lobby"));

        Assert.Contains("--insecure", error.Message, StringComparison.Ordinal);
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
