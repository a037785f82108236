using System.Net;

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

using Piazza.Server.Sessions;

namespace Piazza.Server.Limits;

/// <summary>
/// Kestrel connection middleware that applies <see cref="PerIpLimiter"/> before a listener's
/// handler runs: a refused connection is sent one line in the listener's protocol and closed; an
/// admitted one holds its slot until the handler returns. Every chat listener uses it, and <c>/ws</c>
/// applies the same limiter at its upgrade (IrcWebSocketHandler), so one address's count spans them all.
/// </summary>
internal sealed partial class PerIpLimitMiddleware(ConnectionDelegate next, PerIpLimiter limiter, Func<string, byte[]> refusalLine, ILogger logger)
{
    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (connection.RemoteEndPoint is not IPEndPoint remote)
        {
            await next(connection);
            return;
        }

        if (!limiter.TryAdmit(remote.Address, out var group, out var refusal))
        {
            LogRefusal(logger, remote.Address, refusal);
            await TransportFaults.RefuseAsync(connection, refusalLine(refusal.Reason));
            return;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            if (group is not null)
            {
                limiter.Release(group);
            }
        }
    }

    /// <summary>Logs a refusal: the first of a row at Information, the rest of a reconnect storm at Debug (also for <c>/ws</c>).</summary>
    internal static void LogRefusal(ILogger logger, IPAddress remote, PerIpRefusal refusal)
    {
        var level = refusal.FirstInRow ? LogLevel.Information : LogLevel.Debug;
        var address = IpNetworks.Unmapped(remote);
        if (refusal.Limit == PerIpLimit.Concurrent)
        {
            LogTooManyOpen(logger, level, address, refusal.Max);
        }
        else
        {
            LogTooManyNew(logger, level, address, refusal.Max, refusal.WindowSeconds);
        }
    }

    [LoggerMessage(EventId = 121, EventName = "PerIpTooManyOpen", Message = "Refused {Address}: it has {Max} connections open already (Limits:MaxConnectionsPerIp); until it is admitted again, further refusals are logged at Debug")]
    private static partial void LogTooManyOpen(ILogger logger, LogLevel level, IPAddress address, int max);

    [LoggerMessage(EventId = 122, EventName = "PerIpTooManyNew", Message = "Refused {Address}: it opened {Max} connections in {WindowSeconds} s already (Limits:MaxNewConnectionsPerIp); until the window ends, further refusals are logged at Debug")]
    private static partial void LogTooManyNew(ILogger logger, LogLevel level, IPAddress address, int max, int windowSeconds);
}

/// <summary>Adds <see cref="PerIpLimitMiddleware"/> to a listener.</summary>
internal static class PerIpLimitListenOptionsExtensions
{
    /// <summary>
    /// Applies the per-IP limits to this listener's connections, refusing with
    /// <paramref name="refusalLine"/> (the reason in the listener's protocol). Call before
    /// <c>UseConnectionHandler</c>.
    /// </summary>
    public static ListenOptions UsePerIpLimits(this ListenOptions listener, Func<string, byte[]> refusalLine)
    {
        var services = listener.ApplicationServices;
        var limiter = services.GetRequiredService<PerIpLimiter>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<PerIpLimitMiddleware>();
        listener.Use(next => new PerIpLimitMiddleware(next, limiter, refusalLine, logger).OnConnectedAsync);
        return listener;
    }
}
