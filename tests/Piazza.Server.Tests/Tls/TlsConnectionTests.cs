using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Tls;

/// <summary>
/// TLS on real sockets, SslStream as the client: IRC on the TLS port (Listen:Tls), both protocols
/// over TLS on the chat port, plain TCP beside them, and what a client that does not speak TLS
/// (or never finishes) gets.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TlsConnectionTests : IDisposable
{
    private const int NotTls = 140;
    private const int HandshakeTimedOut = 141;
    private const int HandshakeFailed = 142;

    private readonly string _folder = TestServer.NewDataDirectory();
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task An_irc_client_over_tls_chats_with_a_plain_irc_client_in_one_channel()
    {
        await using var server = await StartAsync();
        await using var secure = await IrcClient.ConnectTlsAsync(server.TlsEndPoint!);
        await secure.RegisterAsync("alice");
        var plain = await server.ConnectIrcAsync("bob");
        await IrcClient.JoinAllAsync("#dev", secure, plain);

        await secure.SendAsync("PRIVMSG #dev :over tls");
        var heard = await plain.ExpectAsync("PRIVMSG");
        await plain.SendAsync("PRIVMSG #dev :in clear");
        var back = await secure.ExpectAsync("PRIVMSG");

        Assert.Equal(("alice", "#dev", "over tls"), (heard.SourceNick, heard[0], heard.Last));
        Assert.Equal(("bob", "#dev", "in clear"), (back.SourceNick, back[0], back.Last));
    }

    [Fact]
    public async Task The_chat_port_takes_tls_for_the_plain_protocol_beside_a_tcp_client()
    {
        await using var server = await StartAsync();
        await using var secure = await LineClient.ConnectTlsAsync(server.EndPoint);
        await secure.NickAsync("alice");
        await using var clear = await server.ConnectAsync("bob");
        await secure.ExpectAsync($"* {clear.Address} is now known as bob");

        await secure.SendAsync("hello in tls");
        Assert.Equal("[alice] hello in tls", await clear.NextChatAsync());
        await clear.SendAsync("hello in clear");
        Assert.Equal("[bob] hello in clear", await secure.NextChatAsync());
    }

    [Fact]
    public async Task The_chat_port_takes_tls_for_irc_too()
    {
        await using var server = await StartAsync();
        await using var secure = await IrcClient.ConnectTlsAsync(server.EndPoint);
        await secure.RegisterAsync("carol");
        await secure.JoinAsync("#lobby");
        await using var clear = await server.ConnectAsync("dave");

        await clear.SendAsync("hi carol");
        var heard = await secure.ExpectAsync("PRIVMSG");
        await secure.SendAsync("PRIVMSG #lobby :hi dave");

        Assert.Equal(("dave", "#lobby", "hi carol"), (heard.SourceNick, heard[0], heard.Last));
        Assert.Equal("[carol] hi dave", await clear.NextChatAsync());
    }

    [Fact]
    public async Task A_silent_plain_client_waits_for_its_welcome_no_longer_than_without_tls()
    {
        // Without sharing, the first-byte wait and the first-line wait would add up to 3 s.
        await using var server = await StartAsync("Irc:DetectTimeoutMilliseconds=1500");
        var watch = Stopwatch.StartNew();
        await using var silent = await LineClient.ConnectAsync(server.EndPoint, readWelcome: true, announce: false);
        watch.Stop();

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(1400), TimeSpan.FromMilliseconds(2900));
    }

    [Fact]
    public async Task Plain_text_sent_to_the_tls_port_is_told_and_closed_with_one_log_line()
    {
        await using var server = await StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.TlsEndPoint!);
        await client.SendAsync("NICK alice");

        var rest = await client.WaitClosedAsync();
        var logged = await _logs.WaitForAsync(NotTls);

        var error = Assert.Single(rest);
        Assert.Equal("ERROR", error.Command);
        Assert.Contains("TLS only", error.Last, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Information, logged.Level);
        Assert.Null(logged.Exception);
        Assert.Contains("first byte 0x4e", logged.Message, StringComparison.Ordinal);
        AssertNothingAboveInformation();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_broken_handshake_is_closed_with_one_log_line_and_no_stack(bool tlsPort)
    {
        await using var server = await StartAsync();
        using var socket = await RawAsync(tlsPort ? server.TlsEndPoint! : server.EndPoint);

        // A handshake record header, then a body that is no ClientHello.
        await socket.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x05, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' });
        var received = await ReadToEndAsync(socket);
        var logged = await _logs.WaitForAsync(HandshakeFailed);

        Assert.Empty(received);
        Assert.Equal(LogLevel.Information, logged.Level);
        Assert.Null(logged.Exception);
        AssertNothingAboveInformation();
    }

    [Theory]
    [InlineData(true, "")]
    [InlineData(false, "\u0016")]
    public async Task A_client_that_never_finishes_its_handshake_is_closed_after_the_timeout(bool tlsPort, string sent)
    {
        await using var server = await StartAsync("Tls:HandshakeTimeoutSeconds=1");
        using var socket = await RawAsync(tlsPort ? server.TlsEndPoint! : server.EndPoint);
        await socket.SendAsync(Encoding.Latin1.GetBytes(sent));
        var watch = Stopwatch.StartNew();

        var received = await ReadToEndAsync(socket);
        var logged = await _logs.WaitForAsync(HandshakeTimedOut);

        Assert.Empty(received);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"closed after {watch.Elapsed}");
        Assert.Equal("1", logged["Seconds"]);
        Assert.Null(logged.Exception);
        await server.WaitAllClosedAsync();
    }

    [Fact]
    public async Task The_per_ip_limit_refuses_before_the_handshake()
    {
        await using var server = await StartAsync("Limits:MaxConnectionsPerIp=1", "Limits:Exempt:0=", "Limits:Exempt:1=");
        await using var first = await IrcClient.ConnectTlsAsync(server.TlsEndPoint!);
        await first.RegisterAsync("alice");

        // The second connection from the same address is refused in clear text: no handshake was made for it.
        await using var second = await IrcClient.ConnectAsync(server.TlsEndPoint!);
        var refused = Assert.Single(await second.WaitClosedAsync());

        Assert.Equal("ERROR", refused.Command);
        Assert.Contains("connections", refused.Last, StringComparison.Ordinal);
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

    private Task<TestServer> StartAsync(params string[] settings) => TestServer.StartAsync(
        services => services.AddSingleton<ILoggerProvider>(_logs),
        ["Logging:LogLevel:Piazza=Debug", "Logging:Console:LogLevel:Default=Warning", .. TestCertificate.Write(_folder).Settings, .. settings]);

    private static async Task<Socket> RawAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint).WaitAsync(TestServer.Timeout);
        return socket;
    }

    /// <summary>Everything the server sends until it closes (a reset counts as a close).</summary>
    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        var all = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TestServer.Timeout) is var read and > 0)
            {
                all.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Closed by an abort.
        }

        return [.. all];
    }

    private void AssertNothingAboveInformation() =>
        Assert.DoesNotContain(_logs.Lines, l => l.Level > LogLevel.Information);
}
