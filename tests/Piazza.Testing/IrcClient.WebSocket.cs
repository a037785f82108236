using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace Piazza.Testing;

/// <summary>How a test's WebSocket client connects, beyond its subprotocols.</summary>
/// <param name="Origin">The <c>Origin</c> header to send, as a browser would; null sends none.</param>
/// <param name="From">The local address to connect from (127.0.0.2 …), for the per-IP limits.</param>
/// <param name="ReceiveBufferBytes">The socket's receive buffer, small for a client that stops reading.</param>
public sealed record WebSocketConnectOptions(string? Origin = null, IPAddress? From = null, int? ReceiveBufferBytes = null);

/// <summary>An <see cref="IrcClient"/> over IRC-over-WebSocket (<c>/ws</c>), through <see cref="WebSocketLineStream"/>.</summary>
public sealed partial class IrcClient
{
    /// <summary>The WebSocket under this client, or null for a TCP one.</summary>
    public WebSocketLineStream? WebSocket => _stream as WebSocketLineStream;

    /// <summary>
    /// Opens <paramref name="uri"/> (<c>ws://</c> or <c>wss://host:port/ws</c>) with a real
    /// <see cref="ClientWebSocket"/> offering <paramref name="subprotocols"/> (none: a plain
    /// <c>new WebSocket(url)</c>), and sends nothing. Over wss, the test certificate (CN=localhost) is accepted.
    /// </summary>
    public static async Task<IrcClient> ConnectWebSocketAsync(Uri uri, IEnumerable<string> subprotocols, WebSocketConnectOptions? options = null)
    {
        var socket = await OpenWebSocketAsync(uri, subprotocols, options);
        return new IrcClient(null, new WebSocketLineStream(socket));
    }

    /// <summary>
    /// Opens a <see cref="ClientWebSocket"/> as <see cref="ConnectWebSocketAsync(Uri, IEnumerable{string}, WebSocketConnectOptions?)"/>
    /// does, or throws what the handshake failed with (its HTTP status in <see cref="ClientWebSocket.HttpStatusCode"/>,
    /// collected, on the socket passed to <paramref name="failed"/>).
    /// </summary>
    public static async Task<ClientWebSocket> OpenWebSocketAsync(Uri uri, IEnumerable<string> subprotocols, WebSocketConnectOptions? options = null, Action<ClientWebSocket>? failed = null)
    {
        options ??= new WebSocketConnectOptions();
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var subprotocol in subprotocols)
        {
            socket.Options.AddSubProtocol(subprotocol);
        }

        if (options.Origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", options.Origin);
        }

        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var endPoint = context.DnsEndPoint.Host == "localhost"
                    ? new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port)
                    : new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port);
                var tcp = await LineClient.OpenSocketAsync(endPoint, options.From);
                if (options.ReceiveBufferBytes is { } bytes)
                {
                    tcp.ReceiveBufferSize = bytes;
                }

                return new NetworkStream(tcp, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                // The test certificate is self-signed (TestCertificate): taken by its name.
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=localhost",
            },
        };
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        try
        {
            await socket.ConnectAsync(uri, invoker, CancellationToken.None).WaitAsync(TestServer.Timeout);
            return socket;
        }
        catch
        {
            failed?.Invoke(socket);
            socket.Dispose();
            throw;
        }
    }
}
