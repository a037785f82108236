using System.Globalization;
using System.Net.WebSockets;
using System.Text;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Server.Http;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.WebSockets;

/// <summary>
/// The TCP ports' limits on <c>/ws</c>: the per-IP count (shared with TCP), the connection limit,
/// flood control and the send queue; each refusal or cut says why, and nobody else is hurt. And
/// <c>Http:WebSocketCloseTimeoutSeconds</c>: how long a socket whose session ended may take to say
/// goodbye before it is aborted.
/// </summary>
[Trait("Category", "Slow")]
public sealed class WebSocketLimitTests
{
    private const string TooManyOpen = "too many connections from your address (the most is 2 at once); close one first";
    private const int CloseTimedOut = 184;

    [Fact]
    public async Task The_per_ip_count_spans_websocket_and_tcp_and_a_refused_socket_is_told_why()
    {
        await using var server = await TestServer.StartAsync("Limits:MaxConnectionsPerIp=2");
        var from = Loopback.Address(40);
        await using var irc = await IrcClient.ConnectFromAsync(server.IrcEndPoint, from);
        await irc.RegisterAsync("tcpuser");
        await using var web = await IrcClient.ConnectWebSocketAsync(server.WebSocketUri, ["text.ircv3.net"], new WebSocketConnectOptions(From: from));
        await web.RegisterAsync("webuser");

        // The third, over either transport, is refused.
        await using var thirdWeb = await IrcClient.ConnectWebSocketAsync(server.WebSocketUri, ["text.ircv3.net"], new WebSocketConnectOptions(From: from));
        Assert.Equal(["ERROR :" + TooManyOpen], (await thirdWeb.WaitClosedAsync()).Select(l => l.Raw));
        Assert.Equal(((WebSocketCloseStatus)1013, TooManyOpen), thirdWeb.WebSocket!.Closed);
        await using var thirdIrc = await IrcClient.ConnectFromAsync(server.IrcEndPoint, from);
        Assert.Equal(["ERROR :" + TooManyOpen], (await thirdIrc.WaitClosedAsync()).Select(l => l.Raw));

        // Another address is not affected; the admitted two carry on.
        await using var other = await IrcClient.ConnectWebSocketAsync(server.WebSocketUri, ["binary.ircv3.net"], new WebSocketConnectOptions(From: Loopback.Address(41)));
        await other.RegisterAsync("other");
        Assert.Empty(await web.SyncAsync());
        Assert.Empty(await irc.SyncAsync());
        Assert.Equal(2, server.PerIp().OpenFrom(from));

        // Its slot is given back when the socket closes.
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.PerIp().Released += address =>
        {
            if (address.Equals(from))
            {
                released.TrySetResult();
            }
        };
        await web.SendAsync("QUIT");
        await web.WaitClosedAsync();
        await released.Task.WaitAsync(TestServer.Timeout);
        Assert.Equal(1, server.PerIp().OpenFrom(from));
    }

    [Fact]
    public async Task A_full_server_refuses_a_socket_with_the_reason()
    {
        await using var server = await TestServer.StartAsync("Chat:MaxConnections=1");
        var irc = await server.ConnectIrcAsync("first");

        await using var web = await IrcClient.ConnectWebSocketAsync(server.WebSocketUri, []);

        Assert.Equal(["ERROR :server full (1 connections); try again later"], (await web.WaitClosedAsync()).Select(l => l.Raw));
        Assert.Equal((WebSocketCloseStatus)1013, web.WebSocket!.Closed?.Status);
        Assert.Empty(await irc.SyncAsync());
    }

    [Fact]
    public async Task A_flooding_socket_is_cut_with_excess_flood_and_others_chat_on()
    {
        await using var server = await TestServer.StartAsync();
        var watcher = await server.ConnectIrcAsync("watcher");
        var plain = await server.ConnectAsync("nc");
        var flooder = await server.ConnectWebSocketIrcAsync("wsflood", "text.ircv3.net");
        await IrcClient.JoinAllAsync("#lobby", watcher, flooder);
        await plain.ExpectAsync("* watcher joined lobby");
        await plain.ExpectAsync("* wsflood joined lobby");

        // One message per line, as fast as the socket takes them, until the server stops taking them.
        var socket = flooder.WebSocket!;
        var flood = Task.Run(async () =>
        {
            try
            {
                for (var n = 0; n < 20_000; n++)
                {
                    await socket.Socket.SendAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"PRIVMSG #lobby :f {n}")), WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Cut off mid-flood.
            }
        });

        var flooderSaw = await flooder.WaitClosedAsync();
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Excess Flood)", flooderSaw.Last().Raw);
        await flood.WaitAsync(TestServer.Timeout);

        var quit = await watcher.ExpectAsync("QUIT");
        Assert.Equal(("wsflood", "Excess Flood"), (quit.SourceNick, quit.Last));
        var relayed = watcher.Skipped.Where(l => l.Is("PRIVMSG")).Select(l => l.Last).ToList();
        Assert.Equal(Enumerable.Range(0, relayed.Count).Select(n => $"f {n}"), relayed);
        Assert.InRange(relayed.Count, 30, 50);
        Assert.Equal("* wsflood quit (Excess Flood)", await plain.ExpectAsync(l => l.Contains(" quit ", StringComparison.Ordinal)));

        await plain.SendAsync("still here");
        Assert.Equal("still here", (await watcher.ExpectAsync("PRIVMSG")).Last);
        Assert.Empty(socket.Problems);
    }

    [Fact]
    public async Task A_socket_that_stops_reading_is_cut_for_its_send_queue_and_told_why_when_it_reads_again()
    {
        // The goodbye waits for the sloth as long as it takes: under load the sloth may start
        // reading only seconds after its cut, and with the default close timeout (5 s) the server
        // would have aborted it by then, leaving it a reset instead of the reason. That abort has
        // a test of its own (below).
        await using var server = await TestServer.StartAsync(
            "Flood:Enabled=false", "Chat:MaxSendQueueBytes=65536", $"Http:WebSocketCloseTimeoutSeconds={HttpOptionsValidator.MaxWebSocketCloseTimeoutSeconds}");
        var talker = await server.ConnectAsync();
        using var sloth = await IrcClient.OpenWebSocketAsync(server.WebSocketUri, ["text.ircv3.net"], new WebSocketConnectOptions(ReceiveBufferBytes: 4096));
        foreach (var line in new[] { "NICK sloth", "USER s 0 * :Sloth", "JOIN #lobby" })
        {
            await sloth.SendAsync(Encoding.ASCII.GetBytes(line), WebSocketMessageType.Text, true, CancellationToken.None);
        }

        await talker.ExpectAsync(l => l.EndsWith("* sloth joined lobby", StringComparison.Ordinal));

        // The talker talks until the server gives up on the sloth (bounded: 20 MB).
        var text = new string('x', 1000);
        var quit = talker.ExpectAsync(l => l.Contains(" quit (", StringComparison.Ordinal));
        for (var i = 0; i < 20_000 && !quit.IsCompleted; i++)
        {
            await talker.SendAsync($"{i} {text}");
        }

        Assert.Equal("* sloth quit (send queue exceeded)", await quit);
        Assert.DoesNotContain(talker.Skipped, LineClient.IsError);

        // Now it reads: what was on its way, then the reason, then the close frame.
        var (messages, _) = await ReceiveUntilCloseAsync(sloth);

        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (SendQ exceeded)", messages[^1]);
        Assert.All(messages, m => Assert.DoesNotContain('\n', m));
    }

    [Fact]
    public async Task A_socket_that_never_answers_the_close_frame_is_aborted_at_the_close_timeout()
    {
        // The timeout is measured on the server's clock, which only the test moves.
        var clock = new FakeTimeProvider();
        var logs = new CapturedLogs();
        await using var server = await TestServer.StartAsync(
            services => services.AddSingleton<TimeProvider>(clock).AddSingleton<ILoggerProvider>(logs),
            "Http:WebSocketCloseTimeoutSeconds=7", "History:Store=memory", "Logging:LogLevel:Piazza=Debug", "Logging:Console:LogLevel:Default=Warning");
        using var mute = await IrcClient.OpenWebSocketAsync(server.WebSocketUri, ["text.ircv3.net"]);
        foreach (var line in new[] { "NICK mute", "USER m 0 * :Mute", "QUIT :bye" })
        {
            await mute.SendAsync(Encoding.ASCII.GetBytes(line), WebSocketMessageType.Text, true, CancellationToken.None);
        }

        // It takes its goodbye and the server's close frame, and never sends its own.
        var (messages, close) = await ReceiveUntilCloseAsync(mute);
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Quit: bye)", messages[^1]);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, close.CloseStatus);
        Assert.Equal(WebSocketState.CloseReceived, mute.State);
        Assert.Equal(1, server.Connections.Open);

        // The clock runs from here, to each timer as it is made: the server holds the socket until
        // 7 s have passed on its clock, then aborts it and gives its connection back. (Never less
        // than 7 s; 14 if the clock also caught the wait for the send pump, which ends as it starts.)
        var start = clock.GetUtcNow();
        using var stop = new CancellationTokenSource();
        var pump = clock.PumpAsync(TimeSpan.FromSeconds(10), stop.Token);
        try
        {
            var logged = await logs.WaitForAsync(CloseTimedOut);
            await server.WaitAllClosedAsync();

            Assert.Equal("7", logged["Seconds"]);
            Assert.InRange(clock.GetUtcNow() - start, TimeSpan.FromSeconds(7), TimeSpan.MaxValue);
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
        }
    }

    /// <summary>Every message until the server's close frame (left unanswered), as text, and that frame.</summary>
    private static async Task<(List<string> Messages, WebSocketReceiveResult Close)> ReceiveUntilCloseAsync(ClientWebSocket socket)
    {
        var messages = new List<string>();
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        WebSocketReceiveResult received;
        while ((received = await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
        {
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                messages.Add(Encoding.UTF8.GetString(message.ToArray()));
                message.SetLength(0);
            }
        }

        return (messages, received);
    }
}
