using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

using Piazza.Server.Irc;

namespace Piazza.Server.Tls;

/// <summary>
/// The end of a listener's chain past Kestrel's TLS middleware (the connection handler), kept so
/// that <see cref="TlsMiddleware"/> can send a connection that is not TLS straight there. Set once,
/// when Kestrel builds the listener's chain, before its first connection.
/// </summary>
internal sealed class TlsListenerChain
{
    private ConnectionDelegate? _afterTls;

    /// <summary>What runs after the handshake: the handler.</summary>
    public ConnectionDelegate AfterTls
    {
        get => _afterTls ?? throw new InvalidOperationException("The listener's chain is not built yet.");
        set => _afterTls = value;
    }
}

/// <summary>Adds TLS to a listener: Kestrel's TLS middleware behind <see cref="TlsMiddleware"/>.</summary>
internal static class TlsListenOptionsExtensions
{
    /// <summary>
    /// Every connection is TLS (<c>Listen:Tls</c>); a client that sends something else is told
    /// with <paramref name="refusalLine"/> and closed. Call after the per-IP limits (a handshake
    /// costs CPU: an address over its limit is refused before it) and before the handler.
    /// </summary>
    public static ListenOptions UseTls(this ListenOptions listener, Func<string, byte[]> refusalLine) =>
        Use(listener, plainAfter: null, refusalLine);

    /// <summary>
    /// A connection whose first byte starts a TLS handshake is TLS; any other (or silence for
    /// <c>Irc:DetectTimeoutMilliseconds</c>) goes to the handler as it is (the chat port).
    /// </summary>
    public static ListenOptions UseTlsWhenOffered(this ListenOptions listener, Func<string, byte[]> refusalLine)
    {
        var irc = listener.ApplicationServices.GetRequiredService<IOptions<IrcOptions>>();
        return Use(listener, () => TimeSpan.FromMilliseconds(irc.Value.DetectTimeoutMilliseconds), refusalLine);
    }

    /// <remarks>
    /// This runs when Kestrel configures its listeners, before the settings are validated: the
    /// options are only read when a connection comes (see <see cref="TlsOptions.IsConfigured"/>).
    /// </remarks>
    private static ListenOptions Use(ListenOptions listener, Func<TimeSpan>? plainAfter, Func<string, byte[]> refusalLine)
    {
        var services = listener.ApplicationServices;
        var holder = services.GetRequiredService<TlsCertificateHolder>();
        var options = services.GetRequiredService<IOptions<TlsOptions>>();
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<TlsMiddleware>();
        var chain = new TlsListenerChain();

        // Kestrel composes a listener's middleware last to first: the third (which sees the
        // handler as its next) is built before Kestrel's TLS middleware, and that before ours.
        listener.Use(tls => new TlsMiddleware(tls, chain, plainAfter, () => TimeSpan.FromSeconds(options.Value.HandshakeTimeoutSeconds), refusalLine, time, logger).OnConnectedAsync);
        listener.UseHttps(new TlsHandshakeCallbackOptions
        {
            // Read per handshake, so a reloaded certificate is used from the next connection on.
            OnConnection = _ => ValueTask.FromResult(holder.ServerOptions()),
            // Ours (TlsHandshakeWatch) keeps the time, on the injected clock, from the first byte;
            // Kestrel's (wall time; it takes no infinite value) is only a backstop far behind it.
            HandshakeTimeout = TimeSpan.FromSeconds(2 * TlsOptionsValidator.MaxHandshakeTimeoutSeconds),
        });
        listener.Use(handler =>
        {
            chain.AfterTls = handler;
            return async connection =>
            {
                connection.Features.Get<TlsHandshakeWatch>()?.Complete();
                await handler(connection);
                await CloseNotifyAsync(connection);
            };
        });
        return listener;
    }

    /// <summary>
    /// Ends TLS with a close_notify alert once the session has written its last line: Kestrel's
    /// TLS middleware only disposes the stream, and a client that reads to the end (openssl
    /// s_client) would take the bare TCP close for a truncation attack.
    /// </summary>
    private static async Task CloseNotifyAsync(ConnectionContext connection)
    {
        if (connection.Features.Get<ISslStreamFeature>()?.SslStream is not { } stream)
        {
            return;
        }

        try
        {
            await stream.ShutdownAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // The client is gone already, or the connection was aborted: nothing to tell it.
        }
    }
}
