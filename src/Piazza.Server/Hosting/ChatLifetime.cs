using System.Net;

using Piazza.Core;

namespace Piazza.Server.Hosting;

/// <summary>
/// Says where the server listens once it has started, and on shutdown (SIGINT, SIGTERM) tells
/// every client before the listeners stop, waiting a bounded time for the sessions to end.
/// </summary>
/// <remarks>
/// The goodbye runs in <see cref="StoppingAsync"/>, which the host calls before any service's
/// StopAsync: Kestrel's own StopAsync would otherwise wait out its timeout on open connections
/// and abort them without a word.
/// </remarks>
internal sealed partial class ChatLifetime(
    ChatHub hub,
    ConnectionCounter connections,
    ChatEndpoints endpoints,
    ILogger<ChatLifetime> logger) : IHostedLifecycleService
{
    /// <summary>How long clients get to receive the goodbye before the listener cuts them off.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(3);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (endpoints.Irc is { } irc)
        {
            LogListeningIrc(logger, irc);
        }

        if (endpoints.Http is { } http)
        {
            LogListeningHttp(logger, http);
        }

        // Last: scripts and the process tests take this line for "ready".
        LogListening(logger, endpoints.Chat);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        LogShuttingDown(logger, connections.Open);
        hub.CloseAll("server shutting down");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DrainTimeout);
        try
        {
            await connections.WhenAllClosedAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            LogDrainTimedOut(logger, connections.Open);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After the listeners have stopped: everything broadcast is in the history store before the process exits.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (hub.History is { } store)
        {
            await store.FlushAsync(cancellationToken);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "ListeningChat", Level = LogLevel.Information, Message = "Piazza chat listening on {EndPoint}; Ctrl+C stops it")]
    private static partial void LogListening(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 2, EventName = "ListeningIrc", Level = LogLevel.Information, Message = "Piazza IRC listening on {EndPoint}")]
    private static partial void LogListeningIrc(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 3, EventName = "ListeningHttp", Level = LogLevel.Information, Message = "Piazza HTTP listening on http://{EndPoint} (health: /healthz)")]
    private static partial void LogListeningHttp(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 4, EventName = "ShuttingDown", Level = LogLevel.Information, Message = "Shutting down: telling {Count} connected clients")]
    private static partial void LogShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = 5, EventName = "DrainTimedOut", Level = LogLevel.Warning, Message = "{Count} connections still open after the drain timeout; the listener will abort them")]
    private static partial void LogDrainTimedOut(ILogger logger, int count);
}
