using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Server.Hosting;

namespace Piazza.Server.History;

/// <summary>
/// Enforces History:RetentionDays and History:MaxMessagesPerRoom in the background, once at
/// start and then every hour; does nothing when both are 0.
/// </summary>
/// <remarks>
/// It waits for the chat to open: the history store opens only after every listener is bound
/// (ChatStartup), so a failed start never touches the file.
/// </remarks>
internal sealed partial class HistoryRetention(
    ChatStartup chat, IOptions<HistoryOptions> options, TimeProvider time, ILogger<HistoryRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.RetentionDays <= 0 && o.MaxMessagesPerRoom <= 0)
        {
            return;
        }

        ChatHub hub;
        try
        {
            hub = await chat.OpenedAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (hub.History is not { } store)
        {
            return;
        }

        using var timer = new PeriodicTimer(Period, time);
        do
        {
            var olderThan = o.RetentionDays > 0 ? time.GetUtcNow().AddDays(-o.RetentionDays) : DateTimeOffset.MinValue;
            var keep = o.MaxMessagesPerRoom > 0 ? o.MaxMessagesPerRoom : int.MaxValue;
            try
            {
                var removed = await store.PruneAsync(olderThan, keep, stoppingToken);
                LogPruned(logger, removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPruneFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 10, EventName = "RetentionPruned", Level = LogLevel.Information, Message = "History retention removed {Count} messages")]
    private static partial void LogPruned(ILogger logger, long count);

    [LoggerMessage(EventId = 11, EventName = "RetentionFailed", Level = LogLevel.Warning, Message = "History retention failed; it will try again in an hour")]
    private static partial void LogPruneFailed(ILogger logger, Exception error);
}
