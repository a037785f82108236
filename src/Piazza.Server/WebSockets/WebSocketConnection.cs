using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Piazza.Server.WebSockets;

/// <summary>
/// An accepted WebSocket dressed as a Kestrel <see cref="ConnectionContext"/>, so that the IRC
/// session runs over it unchanged: two pipes and two pumps.
/// <list type="bullet">
/// <item>Receive pump: each message's bytes go into the session's input as they arrive (fragments
/// too), then CR LF at the message's end. The session frames lines there as on TCP: a message
/// holding several lines gives several, a line over the limit is discarded with the same reply, and
/// nothing is buffered beyond the pipe's pause threshold (the pump stops reading the socket while
/// the session does not read, which is how flood control's pause slows a WebSocket client too).</item>
/// <item>Send pump: the session's output is split at LF into one message per line (CR LF dropped),
/// text messages made valid UTF-8 (<see cref="WebSocketLines.AsText"/>). When the session has
/// written its last line, the pump sends a close frame.</item>
/// </list>
/// A client that stops reading stalls the send pump in the socket write; the output pipe fills to
/// its threshold, the session's writer waits on its flush and its send queue grows until it is cut,
/// exactly as on TCP (docs/ARCHITECTURE.md, "IRC over WebSocket").
/// </summary>
internal sealed partial class WebSocketConnection : ConnectionContext
{
    // What each pipe holds before its writer waits: Kestrel's socket transport's figures, so the
    // session sees what it sees on TCP. The input's 1 MiB must stay above Flood:MaxPendingBytes
    // (at most 1,048,575): a flooder is cut when that much waits unread, which a smaller pipe
    // would never let happen (the flooder would be paced forever instead).
    private static readonly PipeOptions InputOptions = new(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false);
    private static readonly PipeOptions OutputOptions = new(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false);

    private const int ReceiveChunkBytes = 4096;

    private readonly WebSocket _socket;
    private readonly HttpContext _http;
    private readonly IrcWebSocketMode _mode;
    private readonly ILogger _logger;
    private readonly string _address;
    private readonly TimeSpan _closeTimeout;
    private readonly TimeProvider _time;
    private readonly Pipe _input = new(InputOptions);
    private readonly Pipe _output = new(OutputOptions);
    private readonly CancellationTokenSource _closed = new();
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;

    /// <param name="closeTimeout">How long the last lines and the close handshake may take, each, before the socket is aborted (<c>Http:WebSocketCloseTimeoutSeconds</c>).</param>
    /// <param name="time">The clock <paramref name="closeTimeout"/> is measured on (the server's <see cref="TimeProvider"/>).</param>
    public WebSocketConnection(HttpContext http, WebSocket socket, WebSocketTransport transport, string address, TimeSpan closeTimeout, TimeProvider time, ILogger logger)
    {
        _http = http;
        _socket = socket;
        _mode = transport.Mode;
        _address = address;
        _closeTimeout = closeTimeout;
        _time = time;
        _logger = logger;
        Transport = new DuplexPipe(_input.Reader, _output.Writer);
        ConnectionId = http.Connection.Id;
        RemoteEndPoint = http.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, http.Connection.RemotePort) : null;
        LocalEndPoint = http.Connection.LocalIpAddress is { } local ? new IPEndPoint(local, http.Connection.LocalPort) : null;
        Features.Set(transport);
        if (http.Features.Get<ITlsHandshakeFeature>() is { } tls)
        {
            // wss: the session sees it as TLS (IsSecure, the +Z mode, WHOIS), as on the TLS port.
            Features.Set(tls);
        }

        ConnectionClosed = _closed.Token;
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed { get; set; }

    /// <summary>Starts the two pumps; the session may run once this returns.</summary>
    public void Start()
    {
        _receiving = ReceiveLoopAsync();
        _sending = SendLoopAsync();
    }

    /// <summary>
    /// After the session has ended (its writer completed the output): lets the send pump send what
    /// is left and the close frame, and waits for the client's close frame, each for at most the
    /// close timeout (<c>Http:WebSocketCloseTimeoutSeconds</c>); a client that does not answer is aborted.
    /// </summary>
    public async Task FinishAsync()
    {
        // The session reads no more: a receive pump waiting on a full pipe gives up.
        await _input.Reader.CompleteAsync();
        // The session's writer completes the output; this is for a session that failed before its writer ran.
        await _output.Writer.CompleteAsync();
        if (!await EndsWithinAsync(_sending) || !await EndsWithinAsync(_receiving))
        {
            LogCloseTimedOut(_logger, _address, (int)_closeTimeout.TotalSeconds);
            Abort(new ConnectionAbortedException("the WebSocket close handshake timed out"));
            await Task.WhenAll(_sending, _receiving);
        }

        await _closed.CancelAsync();
    }

    /// <inheritdoc/>
    public override void Abort(ConnectionAbortedException abortReason)
    {
        // The socket first (it fails both pumps' pending calls), then the HTTP connection under it,
        // which also ends a socket write waiting on a client that stopped reading.
        _socket.Abort();
        _http.Abort();
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Aborted after it was disposed (a late timeout): nothing left to tell.
        }
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _closed.Dispose();
        await base.DisposeAsync();
    }

    private async Task<bool> EndsWithinAsync(Task pump)
    {
        try
        {
            await pump.WaitAsync(_closeTimeout, _time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>WebSocket → session input: each message's bytes, then CR LF; ends on the client's close frame or a fault.</summary>
    private async Task ReceiveLoopAsync()
    {
        var writer = _input.Writer;
        Exception? fault = null;
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(writer.GetMemory(ReceiveChunkBytes), CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                writer.Advance(received.Count);
                if (received.EndOfMessage)
                {
                    writer.Write("\r\n"u8);
                }

                var flush = await writer.FlushAsync();
                if (flush.IsCompleted)
                {
                    // The session has ended: what the client still sends is read and dropped until
                    // its close frame (FinishAsync bounds the wait).
                    await DrainUntilCloseAsync();
                    break;
                }
            }
        }
        catch (Exception ex) when (IsTransportFault(ex))
        {
            // The client vanished (no close frame), sent what is not WebSocket (or text that is not
            // UTF-8: the socket closes with 1007 itself), or was aborted: to the session, a reset.
            fault = new ConnectionResetException(ex.Message, ex);
        }
        finally
        {
            await writer.CompleteAsync(fault);
        }
    }

    private async Task DrainUntilCloseAsync()
    {
        var scratch = new byte[ReceiveChunkBytes];
        while ((await _socket.ReceiveAsync(scratch.AsMemory(), CancellationToken.None)).MessageType != WebSocketMessageType.Close)
        {
        }
    }

    /// <summary>Session output → WebSocket: one message per line; then the close frame.</summary>
    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        var type = _mode == IrcWebSocketMode.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                try
                {
                    while (WebSocketLines.TryTake(ref buffer, out var line))
                    {
                        if (!line.IsEmpty)
                        {
                            await SendLineAsync(line, type);
                        }
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (Exception ex) when (IsTransportFault(ex))
        {
            LogSendFault(_logger, _address, ex.Message);
        }
        finally
        {
            // The session's writer, waiting on a flush, sees the end.
            await reader.CompleteAsync();
        }
    }

    private async ValueTask SendLineAsync(ReadOnlySequence<byte> line, WebSocketMessageType type)
    {
        byte[]? rented = null;
        ReadOnlyMemory<byte> payload;
        if (line.IsSingleSegment)
        {
            payload = line.First;
        }
        else
        {
            rented = ArrayPool<byte>.Shared.Rent((int)line.Length);
            line.CopyTo(rented);
            payload = rented.AsMemory(0, (int)line.Length);
        }

        try
        {
            if (type == WebSocketMessageType.Text)
            {
                payload = WebSocketLines.AsText(payload);
            }

            await _socket.SendAsync(payload, type, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>What a WebSocket throws when its connection breaks or is aborted; anything else is a bug and propagates.</summary>
    private static bool IsTransportFault(Exception ex) =>
        ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException or ConnectionAbortedException;

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    [LoggerMessage(EventId = 183, EventName = "WebSocketSendFault", Level = LogLevel.Debug, Message = "{Address} WebSocket send failed: {Fault}")]
    private static partial void LogSendFault(ILogger logger, string address, string fault);

    [LoggerMessage(EventId = 184, EventName = "WebSocketCloseTimedOut", Level = LogLevel.Debug, Message = "{Address} did not finish the WebSocket close within {Seconds} s (Http:WebSocketCloseTimeoutSeconds): aborted")]
    private static partial void LogCloseTimedOut(ILogger logger, string address, int seconds);
}
