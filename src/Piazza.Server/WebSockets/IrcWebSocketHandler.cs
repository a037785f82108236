using System.Net;
using System.Net.WebSockets;
using System.Text;

using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Server.Accounts;
using Piazza.Server.Flood;
using Piazza.Server.History;
using Piazza.Server.Hosting;
using Piazza.Server.Http;
using Piazza.Server.Irc;
using Piazza.Server.Limits;
using Piazza.Server.Operators;
using Piazza.Server.Sessions;

namespace Piazza.Server.WebSockets;

/// <summary>
/// <c>GET /ws</c> on the HTTP port: IRC over WebSocket (https://ircv3.net/specs/extensions/websocket),
/// one <see cref="IrcSession"/> per socket with the TCP ports' limits. In order:
/// <list type="number">
/// <item>not a WebSocket request: 400 with a line saying what this is;</item>
/// <item>an <c>Origin</c> that <see cref="OriginPolicy"/> refuses: 403, before the upgrade;</item>
/// <item>the chat not open yet (the moment after the ports open): 503;</item>
/// <item>the upgrade, echoing the chosen subprotocol (<see cref="IrcSubprotocol.Choose"/>);</item>
/// <item>a server ban, the per-IP limits (<see cref="PerIpLimiter"/>, the count the TCP ports
/// share) and <c>Chat:MaxConnections</c> (<see cref="ConnectionCounter"/>): a refused client is
/// sent <c>ERROR :why</c> as on TCP, then a close frame carrying the reason too (1008 for a ban,
/// 1013 "try again later" for a limit). After the upgrade, not as an HTTP status, because a
/// browser hands a failed handshake's status to no script: the user would see "connection
/// failed" and nothing more;</item>
/// <item>the session, over <see cref="WebSocketConnection"/>, until either side closes.</item>
/// </list>
/// The session's address is the TCP connection's <c>ip:port</c>, as on the IRC port.
/// </summary>
internal sealed partial class IrcWebSocketHandler(
    ChatStartup chat,
    ConnectionCounter connections,
    PerIpLimiter perIp,
    OriginPolicy origins,
    IOptions<IrcOptions> irc,
    IOptions<HistoryOptions> history,
    OperatorAuthenticator operators,
    AccountAuthenticator accounts,
    IrcCommandCounts commandCounts,
    FloodControl flood,
    IOptions<HttpOptions> http,
    TimeProvider time,
    ILogger<IrcWebSocketHandler> logger)
{
    /// <summary>The path.</summary>
    public const string Path = "/ws";

    /// <summary>A close frame's reason holds at most 123 bytes (RFC 6455 §5.5: 125 less the status code).</summary>
    private const int MaxCloseReasonBytes = 123;

    /// <summary>How long a client has to take its last lines and the close frame, and to answer it, before it is aborted.</summary>
    private readonly TimeSpan _closeTimeout = TimeSpan.FromSeconds(http.Value.WebSocketCloseTimeoutSeconds);

    public async Task HandleAsync(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, context.Connection.RemotePort) : null;
        var (address, host) = LimitedConnectionHandler.Describe(remote);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest,
                "this is IRC over WebSocket: connect with a WebSocket client (subprotocol text.ircv3.net or binary.ircv3.net)\n");
            return;
        }

        var origin = context.Request.Headers.Origin;
        if (!origins.Allows(origin, context.Request.Host))
        {
            LogForeignOrigin(logger, address, origin, context.Request.Host);
            await AnswerAsync(context, StatusCodes.Status403Forbidden,
                "this page's origin may not open IRC over WebSocket here; the server's operator can allow it with Http:AllowedOrigins\n");
            return;
        }

        if (chat.Hub is not { } hub)
        {
            await AnswerAsync(context, StatusCodes.Status503ServiceUnavailable, "starting: the chat is not open yet\n");
            return;
        }

        var (mode, subprotocol) = IrcSubprotocol.Choose(context.WebSockets.WebSocketRequestedProtocols);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = subprotocol });
        var transport = new WebSocketTransport(mode, subprotocol);

        if (ServerBanGate.RefusalFor(hub, remote, logger) is { } banned)
        {
            await RefuseAsync(socket, transport, banned, WebSocketCloseStatus.PolicyViolation);
            return;
        }

        IPAddress? group = null;
        if (remote is not null && !perIp.TryAdmit(remote.Address, out group, out var refusal))
        {
            PerIpLimitMiddleware.LogRefusal(logger, remote.Address, refusal);
            await RefuseAsync(socket, transport, refusal.Reason, TryAgainLater);
            return;
        }

        try
        {
            var max = hub.Options.MaxConnections;
            if (!connections.TryAcquire(max))
            {
                LogServerFull(logger, address, max);
                await RefuseAsync(socket, transport, $"server full ({max} connections); try again later", TryAgainLater);
                return;
            }

            try
            {
                await RunSessionAsync(context, socket, transport, hub, address, host);
            }
            finally
            {
                connections.Release();
            }
        }
        finally
        {
            if (group is not null)
            {
                perIp.Release(group);
            }
        }
    }

    /// <summary>1013, "try again later" (RFC 6455 §7.4.1 registry; not in <see cref="WebSocketCloseStatus"/>).</summary>
    private static WebSocketCloseStatus TryAgainLater => (WebSocketCloseStatus)1013;

    private async Task RunSessionAsync(HttpContext context, WebSocket socket, WebSocketTransport transport, ChatHub hub, string address, string host)
    {
        await using var connection = new WebSocketConnection(context, socket, transport, address, _closeTimeout, time, logger);
        connection.Start();
        LogOpened(logger, address, transport.Subprotocol ?? "none", transport.Mode);
        try
        {
            // No sts over WebSocket: its policy names a TCP port, which a browser cannot use.
            await new IrcSession(connection, hub, irc.Value, history.Value, operators, accounts, commandCounts, logger, address, host, flood.NewGate(), sts: null).RunAsync();
        }
        finally
        {
            await connection.FinishAsync();
        }
    }

    /// <summary>Sends <c>ERROR :why</c> as the only message, then a close frame with <paramref name="status"/> and the reason, and waits (bounded) for the client's.</summary>
    private async Task RefuseAsync(WebSocket socket, WebSocketTransport transport, string why, WebSocketCloseStatus status)
    {
        var line = IrcPortHandler.RefusalLine(why);
        var type = transport.Mode == IrcWebSocketMode.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        using var timeout = new CancellationTokenSource(_closeTimeout, time);
        try
        {
            await socket.SendAsync(line.AsMemory(0, line.Length - 2), type, endOfMessage: true, timeout.Token);
            await socket.CloseAsync(status, CloseReason(why), timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
            // Gone before hearing why, or not answering the close: nothing more to do.
            socket.Abort();
        }
    }

    /// <summary><paramref name="why"/>, cut to what a close frame holds (on a character boundary).</summary>
    internal static string CloseReason(string why)
    {
        if (Encoding.UTF8.GetByteCount(why) <= MaxCloseReasonBytes)
        {
            return why;
        }

        var length = why.Length;
        while (Encoding.UTF8.GetByteCount(why.AsSpan(0, length)) > MaxCloseReasonBytes - 3 || char.IsHighSurrogate(why[length - 1]))
        {
            length--;
        }

        return why[..length] + "…";
    }

    private static async Task AnswerAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text);
    }

    [LoggerMessage(EventId = 180, EventName = "WebSocketOpened", Level = LogLevel.Debug, Message = "{Address} opened IRC over WebSocket (subprotocol {Subprotocol}, {Mode} messages)")]
    private static partial void LogOpened(ILogger logger, string address, string subprotocol, IrcWebSocketMode mode);

    [LoggerMessage(EventId = 181, EventName = "WebSocketForeignOrigin", Level = LogLevel.Information, Message = "Refused {Address}: /ws from origin {Origin}, not {Host} nor in Http:AllowedOrigins or Http:Nodes (403)")]
    private static partial void LogForeignOrigin(ILogger logger, string address, Microsoft.Extensions.Primitives.StringValues origin, HostString host);

    [LoggerMessage(EventId = 182, EventName = "WebSocketServerFull", Level = LogLevel.Warning, Message = "Refused {Address} on /ws: {Max} connections open already (Chat:MaxConnections)")]
    private static partial void LogServerFull(ILogger logger, string address, int max);
}

/// <summary>Maps <see cref="IrcWebSocketHandler"/>.</summary>
internal static class IrcWebSocketEndpoint
{
    /// <summary>The WebSocket middleware and <c>GET /ws</c>.</summary>
    public static void MapIrcWebSocket(this WebApplication app)
    {
        // No keep-alive pings from here: IRC's own PING finds a dead client (Irc:PingIntervalSeconds).
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.MapGet(IrcWebSocketHandler.Path, (HttpContext context, IrcWebSocketHandler handler) => handler.HandleAsync(context));
    }
}
