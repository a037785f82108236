using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Server.Accounts;
using Piazza.Server.History;
using Piazza.Server.Operators;
using Piazza.Storage.Sqlite;

namespace Piazza.Server.Hosting;

/// <summary>
/// Opens the chat once every listener is bound, says where the server listens and keeps its data,
/// and on shutdown (SIGINT, SIGTERM) tells every client before the listeners stop, waiting a
/// bounded time for the sessions to end.
/// </summary>
/// <remarks>
/// The chat, and with it the history store, is opened in <see cref="StartedAsync"/>: the host runs
/// it after every service's StartAsync, Kestrel's included (which binds the listeners), so a port
/// that is taken ends the start before the store has touched any file (another server's
/// piazza.db, say). A connection that comes in between waits for it (<see cref="ChatStartup"/>).
/// </remarks>
/// <remarks>
/// The goodbye runs in <see cref="StoppingAsync"/>, which the host calls before any service's
/// StopAsync: Kestrel's own StopAsync would otherwise wait out its timeout on open connections
/// and abort them without a word.
/// </remarks>
internal sealed partial class ChatLifetime(
    ChatStartup chat,
    ConnectionCounter connections,
    ChatEndpoints endpoints,
    Tls.TlsCertificateHolder tls,
    IOptions<DataOptions> data,
    IOptions<HistoryOptions> history,
    IOptions<AccountOptions> accounts,
    ILogger<ChatLifetime> logger) : IHostedLifecycleService
{
    /// <summary>How long clients get to receive the goodbye before the listener cuts them off.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(3);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        await chat.OpenAsync(cancellationToken);
        if (accounts.Value.PasswordIterations < PasswordHash.MinIterations)
        {
            LogWeakPasswordHashing(logger, accounts.Value.PasswordIterations, PasswordHash.MinIterations);
        }

        if (chat.Hub?.History is not (SqliteMessageStore or Storage.Postgres.PostgresMessageStore))
        {
            LogAccountsInMemory(logger);
        }

        // One line, last: scripts and the process tests take it for "ready".
        var chatPort = endpoints.Chat.ToString();
        var ircPort = endpoints.Irc?.ToString() ?? "off";
        var httpPort = endpoints.Http is { } http ? $"http://{http} (web client: /, IRC over WebSocket: /ws, health: /healthz)" : "off";
        var tlsPorts = !tls.IsOn ? "off" : endpoints.Tls is { } secure ? $"{secure} (IRC) and the chat port" : "the chat port";
        var historyFile = HistoryStoreFactory.Describe(history.Value, data.Value);
        LogListening(logger, chatPort, ircPort, tlsPorts, httpPort, data.Value.FullPath, historyFile);
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (chat.Hub is not { } hub)
        {
            chat.Abandon();
            return;
        }

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
        if (chat.Hub?.History is { } store)
        {
            await store.FlushAsync(cancellationToken);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "Listening", Level = LogLevel.Information,
        Message = "Piazza chat listening on {Chat}; IRC {Irc}; TLS {Tls}; HTTP {Http}; data folder {DataFolder}; history {History}; Ctrl+C stops it")]
    private static partial void LogListening(ILogger logger, string chat, string irc, string tls, string http, string dataFolder, string history);

    [LoggerMessage(EventId = 2, EventName = "WeakPasswordHashing", Level = LogLevel.Warning,
        Message = "Accounts:PasswordIterations is {Iterations}, below the {Recommended} a password hash needs: use this only for tests")]
    private static partial void LogWeakPasswordHashing(ILogger logger, int iterations, int recommended);

    [LoggerMessage(EventId = 3, EventName = "AccountsInMemory", Level = LogLevel.Information,
        Message = "History is not in a SQLite file or PostgreSQL, so accounts are kept in memory and are lost at a restart")]
    private static partial void LogAccountsInMemory(ILogger logger);

    [LoggerMessage(EventId = 4, EventName = "ShuttingDown", Level = LogLevel.Information, Message = "Shutting down: telling {Count} connected clients")]
    private static partial void LogShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = 5, EventName = "DrainTimedOut", Level = LogLevel.Warning, Message = "{Count} connections still open after the drain timeout; the listener will abort them")]
    private static partial void LogDrainTimedOut(ILogger logger, int count);
}
