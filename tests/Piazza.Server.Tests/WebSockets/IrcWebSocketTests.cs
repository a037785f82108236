using System.Net;
using System.Net.WebSockets;
using System.Text;

using Piazza.Testing;

namespace Piazza.Server.Tests.WebSockets;

/// <summary>
/// <c>/ws</c> on the HTTP port with a real <see cref="ClientWebSocket"/>: the subprotocols and their
/// echo, chat both ways with a TCP IRC client and a plain one, and what the server makes of
/// messages that are not one well-formed line (several lines, too long, fragmented, not UTF-8).
/// Every server message is checked by <see cref="WebSocketLineStream"/>: one line, no CR LF, the
/// negotiated type.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IrcWebSocketTests
{
    [Theory]
    [InlineData(new[] { "text.ircv3.net" }, "text.ircv3.net", WebSocketMessageType.Text)]
    [InlineData(new[] { "binary.ircv3.net" }, "binary.ircv3.net", WebSocketMessageType.Binary)]
    [InlineData(new[] { "text.ircv3.net", "binary.ircv3.net" }, "text.ircv3.net", WebSocketMessageType.Text)]
    [InlineData(new[] { "binary.ircv3.net", "text.ircv3.net" }, "binary.ircv3.net", WebSocketMessageType.Binary)]
    [InlineData(new[] { "chat.example", "binary.ircv3.net" }, "binary.ircv3.net", WebSocketMessageType.Binary)]
    [InlineData(new string[0], null, WebSocketMessageType.Text)]
    public async Task The_chosen_subprotocol_is_echoed_and_its_client_chats_with_irc_and_plain_clients(string[] offered, string? echoed, WebSocketMessageType type)
    {
        await using var server = await TestServer.StartAsync();
        var web = await IrcClient.ConnectWebSocketAsync(server.WebSocketUri, offered);
        await using var _ = web;
        var socket = web.WebSocket!;
        Assert.Equal(echoed, string.IsNullOrEmpty(socket.Socket.SubProtocol) ? null : socket.Socket.SubProtocol);
        Assert.Equal(echoed, socket.Socket.HttpResponseHeaders?.GetValueOrDefault("Sec-WebSocket-Protocol")?.SingleOrDefault());

        await web.RegisterAsync("webby");
        var irc = await server.ConnectIrcAsync("tcpuser");
        var plain = await server.ConnectAsync("nc");
        await IrcClient.JoinAllAsync("#lobby", web, irc);
        await plain.ExpectAsync("* webby joined lobby");
        await plain.ExpectAsync("* tcpuser joined lobby");

        await web.SendAsync("PRIVMSG #lobby :héllo from the browser");
        Assert.Equal("héllo from the browser", (await irc.ExpectAsync("PRIVMSG")).Last);
        Assert.Equal("[webby] héllo from the browser", await plain.NextChatAsync());

        await irc.SendAsync("PRIVMSG #lobby :hi from irssi");
        var fromIrc = await web.ExpectAsync("PRIVMSG");
        Assert.Equal(("tcpuser", "hi from irssi"), (fromIrc.SourceNick, fromIrc.Last));
        await plain.SendAsync("hi from nc");
        var fromPlain = await web.ExpectAsync("PRIVMSG");
        Assert.Equal(("nc", "hi from nc"), (fromPlain.SourceNick, fromPlain.Last));

        Assert.Empty(await web.SyncAsync());
        Assert.Empty(socket.Problems);
        Assert.True((type == WebSocketMessageType.Text ? socket.TextMessages : socket.BinaryMessages) > 10);
        Assert.Equal(0, type == WebSocketMessageType.Text ? socket.BinaryMessages : socket.TextMessages);
    }

    [Fact]
    public async Task Only_unknown_subprotocols_get_text_without_the_header()
    {
        await using var server = await TestServer.StartAsync();
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.HttpEndPoint!).WaitAsync(TestServer.Timeout);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET /ws HTTP/1.1\r\nHost: {server.HttpEndPoint}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: xmpp, mqtt\r\n\r\n"));

        var response = await ReadHeadAsync(stream);

        Assert.StartsWith("HTTP/1.1 101 ", response, StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", response, StringComparison.Ordinal);
        Assert.DoesNotContain("Sec-WebSocket-Protocol", response, StringComparison.OrdinalIgnoreCase);

        // A masked text frame (opcode 1, FIN) holding PING gets a PONG in an unfragmented text frame.
        byte[] mask = [1, 2, 3, 4];
        var payload = "PING tok"u8.ToArray();
        await stream.WriteAsync((byte[])[0x81, (byte)(0x80 | payload.Length), .. mask, .. payload.Select((b, i) => (byte)(b ^ mask[i % 4]))]);
        var header = new byte[2];
        await stream.ReadExactlyAsync(header).AsTask().WaitAsync(TestServer.Timeout);
        Assert.Equal(0x81, header[0]);
        var body = new byte[header[1]];
        await stream.ReadExactlyAsync(body).AsTask().WaitAsync(TestServer.Timeout);
        var pong = IrcLine.Parse(Encoding.UTF8.GetString(body), body.Length);
        Assert.Equal(("PONG", "tok"), (pong.Command, pong.Last));
    }

    [Fact]
    public async Task A_message_with_several_lines_is_taken_as_those_lines_as_on_tcp()
    {
        await using var server = await TestServer.StartAsync();
        var web = await IrcClient.ConnectWebSocketAsync(server.WebSocketUri, ["text.ircv3.net"]);
        await using var _ = web;

        // Registration in one message, CR LF and bare LF between the lines, a CR LF at the end too.
        await web.WebSocket!.SendMessageAsync("NICK multi\r\nUSER m 0 * :Multi\nPING one\r\n"u8.ToArray(), WebSocketMessageType.Text);

        var burst = await web.ReadUntilAsync(l => l.Is("PONG"));
        Assert.Contains(burst, l => l.Is("001") && l[0] == "multi");
        Assert.Equal("one", burst[^1].Last);
        Assert.Empty(await web.SyncAsync());
        Assert.Empty(web.WebSocket.Problems);
    }

    [Theory]
    [InlineData(600, 1)]
    [InlineData(100_000, 1)]
    [InlineData(100_000, 50)]
    public async Task A_line_over_the_limit_gets_417_as_on_tcp_and_the_session_goes_on(int bytes, int fragments)
    {
        await using var server = await TestServer.StartAsync("Flood:Enabled=false");
        var web = await server.ConnectWebSocketIrcAsync("longwinded", "binary.ircv3.net");
        var irc = await server.ConnectIrcAsync("reader");
        await IrcClient.JoinAllAsync("#dev", web, irc);

        var line = "PRIVMSG #dev :" + new string('x', bytes);
        await web.WebSocket!.SendMessageAsync(Encoding.UTF8.GetBytes(line), WebSocketMessageType.Binary, fragments);

        Assert.Equal("417", (await web.NextAsync()).Command);
        await web.SendAsync("PRIVMSG #dev :short");
        Assert.Equal("short", (await irc.ExpectAsync("PRIVMSG")).Last);
        Assert.DoesNotContain(irc.Skipped, l => l.Is("PRIVMSG"));
        Assert.Empty(web.WebSocket.Problems);
    }

    [Fact]
    public async Task A_fragmented_message_is_one_line()
    {
        await using var server = await TestServer.StartAsync();
        var web = await server.ConnectWebSocketIrcAsync("frag", "text.ircv3.net");
        var irc = await server.ConnectIrcAsync("reader");
        await IrcClient.JoinAllAsync("#dev", web, irc);

        await web.WebSocket!.SendMessageAsync("PRIVMSG #dev :in several pieces, é included"u8.ToArray(), WebSocketMessageType.Text, fragments: 7);

        Assert.Equal("in several pieces, é included", (await irc.ExpectAsync("PRIVMSG")).Last);
        Assert.Empty(await web.SyncAsync());
    }

    [Theory]
    [InlineData("text.ircv3.net")]
    [InlineData("binary.ircv3.net")]
    public async Task A_binary_message_that_is_not_utf8_gets_fail_invalid_utf8_as_on_tcp(string subprotocol)
    {
        await using var server = await TestServer.StartAsync();
        var web = await server.ConnectWebSocketIrcAsync("latin1", subprotocol);
        var irc = await server.ConnectIrcAsync("reader");
        await IrcClient.JoinAllAsync("#dev", web, irc);

        await web.WebSocket!.SendMessageAsync([.. "PRIVMSG #dev :caf"u8, 0xE9], WebSocketMessageType.Binary);

        var fail = await web.NextAsync();
        Assert.Equal(["FAIL", "PRIVMSG", "INVALID_UTF8"], [fail.Command, fail[0], fail[1]]);
        await web.SendAsync("PRIVMSG #dev :café");
        Assert.Equal("café", (await irc.ExpectAsync("PRIVMSG")).Last);
        Assert.DoesNotContain(irc.Skipped, l => l.Is("PRIVMSG"));
        Assert.Empty(web.WebSocket.Problems);
    }

    [Fact]
    public async Task A_text_frame_that_is_not_utf8_ends_the_connection_with_1007_and_the_member_with_it()
    {
        await using var server = await TestServer.StartAsync();
        var irc = await server.ConnectIrcAsync("watcher");
        var web = await server.ConnectWebSocketIrcAsync("sloppy", "text.ircv3.net");
        await IrcClient.JoinAllAsync("#dev", irc, web);

        // RFC 6455 §8.1: an endpoint that receives text that is not UTF-8 fails the connection.
        await web.WebSocket!.SendMessageAsync([.. "PRIVMSG #dev :caf"u8, 0xE9], WebSocketMessageType.Text);

        var quit = await irc.ExpectAsync("QUIT");
        Assert.Equal("sloppy", quit.SourceNick);
        Assert.Empty(await web.WaitClosedAsync());
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, web.WebSocket.Closed?.Status);
    }

    [Fact]
    public async Task Quit_is_answered_with_error_and_a_close_frame()
    {
        await using var server = await TestServer.StartAsync();
        var irc = await server.ConnectIrcAsync("watcher");
        var web = await server.ConnectWebSocketIrcAsync("leaver", "text.ircv3.net");
        await IrcClient.JoinAllAsync("#dev", irc, web);

        await web.SendAsync("QUIT :bye now");

        var rest = await web.WaitClosedAsync();
        Assert.Equal("ERROR", Assert.Single(rest).Command);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, web.WebSocket!.Closed?.Status);
        Assert.Equal("Quit: bye now", (await irc.ExpectAsync("QUIT")).Last);
        Assert.Empty(web.WebSocket.Problems);
    }

    [Fact]
    public async Task A_client_that_vanishes_without_a_close_frame_leaves_no_member_behind()
    {
        await using var server = await TestServer.StartAsync();
        var irc = await server.ConnectIrcAsync("watcher");
        var web = await IrcClient.ConnectWebSocketAsync(server.WebSocketUri, ["text.ircv3.net"]);
        await web.RegisterAsync("ghost");
        await IrcClient.JoinAllAsync("#dev", irc, web);

        // The socket is aborted (a killed browser): no close frame, the TCP connection just goes.
        await web.DisposeAsync();

        var quit = await irc.ExpectAsync("QUIT");
        Assert.Equal("ghost", quit.SourceNick);
        await irc.SendAsync("NAMES #dev");
        var names = await irc.ExpectAsync("353");
        Assert.Equal("@watcher", names.Last);
        await irc.SendAsync("WHO ghost");
        Assert.Equal("315", (await irc.ExpectAsync(l => l.Is("352") || l.Is("315"))).Command);
    }

    [Fact]
    public async Task A_client_closing_cleanly_leaves_too()
    {
        await using var server = await TestServer.StartAsync();
        var irc = await server.ConnectIrcAsync("watcher");
        var web = await server.ConnectWebSocketIrcAsync("polite", "binary.ircv3.net");
        await IrcClient.JoinAllAsync("#dev", irc, web);

        var socket = web.WebSocket!.Socket;
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "tab closed", CancellationToken.None).WaitAsync(TestServer.Timeout);

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal("polite", (await irc.ExpectAsync("QUIT")).SourceNick);
        await irc.SendAsync("NAMES #dev");
        Assert.Equal("@watcher", (await irc.ExpectAsync("353")).Last);
    }

    [Fact]
    public async Task A_shutdown_tells_a_socket_why_closes_it_and_is_not_held_up()
    {
        var server = await TestServer.StartAsync();
        var web = await IrcClient.ConnectWebSocketAsync(server.WebSocketUri, ["binary.ircv3.net"]);
        await using var _ = web;
        await web.RegisterAsync("stayer");

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await server.StopAsync();

        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (server shutting down)", (await web.WaitClosedAsync()).Last().Raw);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, web.WebSocket!.Closed?.Status);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_plain_get_is_told_what_the_path_is()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient { Timeout = TestServer.Timeout };

        using var response = await http.GetAsync(server.WebSocketUri.ToString().Replace("ws://", "http://", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("IRC over WebSocket", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Reads an HTTP response's head, up to the empty line, a byte at a time (nothing of the frames after it).</summary>
    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one).AsTask().WaitAsync(TestServer.Timeout);
            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
