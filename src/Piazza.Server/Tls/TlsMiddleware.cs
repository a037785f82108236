using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;

using Microsoft.AspNetCore.Connections;

using Piazza.Server.Sessions;

namespace Piazza.Server.Tls;

/// <summary>
/// Kestrel connection middleware in front of Kestrel's own TLS middleware
/// (<see cref="TlsListenOptionsExtensions"/>): it looks at the client's first byte without
/// consuming it. A TLS record starts with 0x16 (a handshake record: the ClientHello,
/// RFC 8446 §5.1); anything else is not TLS.
/// <list type="bullet">
/// <item>On the TLS port (<c>Listen:Tls</c>) anything else is refused with one line and closed.</item>
/// <item>On the chat port anything else skips TLS and goes straight to the handler (plain or IRC
/// detection as without TLS), and silence for <c>Irc:DetectTimeoutMilliseconds</c> is a plain
/// client (nc says nothing first); the detection then waits only for what is left of that time
/// (<see cref="ChatPortSilence"/>).</item>
/// </list>
/// A handshake gets <c>Tls:HandshakeTimeoutSeconds</c> (<see cref="TlsHandshakeWatch"/>); one that
/// fails or times out is closed with one log line, no stack trace.
/// </summary>
internal sealed partial class TlsMiddleware(
    ConnectionDelegate tls, TlsListenerChain chain, Func<TimeSpan>? plainAfter, Func<TimeSpan> handshakeTimeoutSetting, Func<string, byte[]> refusalLine, TimeProvider time, ILogger logger)
{
    /// <summary>The first byte of every TLS handshake record (content type 22).</summary>
    public const byte HandshakeRecord = 0x16;

    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        var address = LimitedConnectionHandler.Describe(connection.RemoteEndPoint).Address;
        var handshakeTimeout = handshakeTimeoutSetting();
        TlsHandshakeWatch watch;
        if (plainAfter is not null)
        {
            var startedAt = Stopwatch.GetTimestamp();
            if (await PeekFirstByteAsync(connection.Transport.Input, plainAfter()) != HandshakeRecord)
            {
                connection.Features.Set(new ChatPortSilence(startedAt));
                await chain.AfterTls(connection);
                return;
            }

            watch = new TlsHandshakeWatch(connection, time, handshakeTimeout);
        }
        else
        {
            // The deadline covers the wait for the first byte too: a client that connects and says
            // nothing is closed when it passes (the watch cancels the read).
            watch = new TlsHandshakeWatch(connection, time, handshakeTimeout);
            var first = await PeekFirstByteAsync(connection.Transport.Input, Timeout.InfiniteTimeSpan);
            if (first != HandshakeRecord || watch.TimedOut)
            {
                watch.Dispose();
                if (watch.TimedOut)
                {
                    LogTimedOut(logger, address, (int)handshakeTimeout.TotalSeconds);
                }
                else if (first is { } b)
                {
                    LogNotTls(logger, address, b);
                    await TransportFaults.RefuseAsync(connection, refusalLine("this port speaks TLS only; connect with TLS, or without it to the plain port"));
                }
                else
                {
                    LogGoneBeforeHandshake(logger, address);
                }

                return;
            }
        }

        string? failure = null;
        using (watch)
        {
            connection.Features.Set(watch);
            watch.Handshaking();
            try
            {
                await tls(connection);
            }
            catch (Exception ex) when (!watch.IsCompleted)
            {
                // Kestrel lets a few handshake failures through: a record too broken to read a
                // ClientHello from leaves SslStream without a certificate (NotSupportedException).
                // Before the handshake ends, of ours only the certificate callback has run (a
                // certificate that stopped loading: the line names its exception), so it is one
                // connection's failure, not the server's.
                failure = ex is NotSupportedException ? "what it sent is not a ClientHello" : ex.GetType().Name + ": " + ex.Message;
            }
        }

        if (!watch.IsCompleted)
        {
            // Kestrel's TLS middleware returns without calling the handler (and logs its reason at Debug).
            if (watch.TimedOut)
            {
                LogTimedOut(logger, address, (int)handshakeTimeout.TotalSeconds);
            }
            else
            {
                LogHandshakeFailed(logger, address, failure ?? "no protocol or cipher in common, a client that refused the certificate, or not TLS after all");
            }
        }
    }

    /// <summary>
    /// The first byte the client sent, left unread in the pipe (the next read sees it again); null
    /// when the client sent nothing within <paramref name="timeout"/>, closed, or reset.
    /// </summary>
    private static async Task<byte?> PeekFirstByteAsync(PipeReader input, TimeSpan timeout)
    {
        // Wall time, as the chat port's protocol detection (ChatPortHandler): this waits for bytes
        // on a real socket. On the TLS port the timeout is infinite: the handshake watch ends it.
        using var silence = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(silence.Token);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    var first = buffer.FirstSpan[0];
                    input.AdvanceTo(buffer.Start);
                    return first;
                }

                input.AdvanceTo(buffer.Start);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return null;
                }
            }
        }
        catch (Exception ex) when (TransportFaults.Is(ex))
        {
            // Silence past the timeout, or a reset: no first byte.
            return null;
        }
    }

    [LoggerMessage(EventId = 140, EventName = "TlsNotTls", Level = LogLevel.Information, Message = "{Address} sent no TLS handshake to the TLS port (first byte 0x{FirstByte:x2}): told and closed")]
    private static partial void LogNotTls(ILogger logger, string address, byte firstByte);

    [LoggerMessage(EventId = 141, EventName = "TlsHandshakeTimedOut", Level = LogLevel.Information, Message = "{Address} did not finish its TLS handshake within {Seconds} s (Tls:HandshakeTimeoutSeconds): closed")]
    private static partial void LogTimedOut(ILogger logger, string address, int seconds);

    [LoggerMessage(EventId = 142, EventName = "TlsHandshakeFailed", Level = LogLevel.Information, Message = "{Address} TLS handshake failed ({Reason}): closed")]
    private static partial void LogHandshakeFailed(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 143, EventName = "TlsGoneBeforeHandshake", Level = LogLevel.Debug, Message = "{Address} closed before its TLS handshake")]
    private static partial void LogGoneBeforeHandshake(ILogger logger, string address);
}
