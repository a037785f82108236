namespace Piazza.Server.Sessions;

internal abstract partial class LineSession
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Name} disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string name, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Address}: reading ended by a connection fault")]
    private static partial void LogReadFault(ILogger logger, string address, Exception fault);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Address}: writing ended by a connection fault")]
    private static partial void LogWriteFault(ILogger logger, string address, Exception fault);

    [LoggerMessage(EventId = 301, EventName = "SendQueueExceeded", Level = LogLevel.Information,
        Message = "{Name} ({Address}) disconnected: send queue exceeded {MaxBytes} bytes (it stopped reading); told why")]
    private static partial void LogSendQueueExceeded(ILogger logger, string name, string address, int maxBytes);

    [LoggerMessage(EventId = 302, EventName = "FloodThrottled", Level = LogLevel.Information,
        Message = "{Name} ({Address}) is flooding: its lines are delayed (past {LinesPerSecond} lines/s after {LineBurst}, or {BytesPerSecond} bytes/s after {ByteBurst})")]
    private static partial void LogFloodThrottled(ILogger logger, string name, string address, int linesPerSecond, int lineBurst, int bytesPerSecond, int byteBurst);

    [LoggerMessage(EventId = 303, EventName = "FloodCut", Level = LogLevel.Warning,
        Message = "{Name} ({Address}) disconnected: Excess Flood ({UnreadBytes} bytes waiting unread while throttled, the most is {MaxPendingBytes})")]
    private static partial void LogFloodCut(ILogger logger, string name, string address, long unreadBytes, int maxPendingBytes);
}
