namespace Piazza.Server.Sessions;

/// <remarks>
/// EventIds: 100–119 a connection's life (docs/ARCHITECTURE.md, "Log events"). Connect and
/// disconnect are Information: one line each per connection, with the address, the protocol,
/// the nick and the reason. A connection fault (a reset) is an ordinary end, logged at Debug
/// without a stack trace; a handler that throws is a bug, logged at Error with its stack trace
/// and the command's name (never the rest of the line: it may hold a password).
/// </remarks>
internal abstract partial class LineSession
{
    [LoggerMessage(EventId = 100, EventName = "Connected", Level = LogLevel.Information, Message = "{Address} connected ({Protocol})")]
    private static partial void LogConnected(ILogger logger, string address, string protocol);

    [LoggerMessage(EventId = 101, EventName = "Disconnected", Level = LogLevel.Information, Message = "{Address} disconnected ({Protocol}, nick {Nick}): {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string address, string protocol, string nick, string reason);

    [LoggerMessage(EventId = 102, EventName = "ReadFault", Level = LogLevel.Debug, Message = "{Address}: reading ended by a connection fault: {Fault}")]
    private static partial void LogReadFault(ILogger logger, string address, string fault);

    [LoggerMessage(EventId = 103, EventName = "WriteFault", Level = LogLevel.Debug, Message = "{Address}: writing ended by a connection fault: {Fault}")]
    private static partial void LogWriteFault(ILogger logger, string address, string fault);

    [LoggerMessage(EventId = 104, EventName = "SendQueueExceeded", Level = LogLevel.Information,
        Message = "{Name} ({Address}) disconnected: send queue exceeded {MaxBytes} bytes (it stopped reading); told why")]
    private static partial void LogSendQueueExceeded(ILogger logger, string name, string address, int maxBytes);

    [LoggerMessage(EventId = 105, EventName = "FloodThrottled", Level = LogLevel.Information,
        Message = "{Name} ({Address}) is flooding: its lines are delayed (past {LinesPerSecond} lines/s after {LineBurst}, or {BytesPerSecond} bytes/s after {ByteBurst})")]
    private static partial void LogFloodThrottled(ILogger logger, string name, string address, int linesPerSecond, int lineBurst, int bytesPerSecond, int byteBurst);

    [LoggerMessage(EventId = 106, EventName = "FloodCut", Level = LogLevel.Warning,
        Message = "{Name} ({Address}) disconnected: Excess Flood ({UnreadBytes} bytes waiting unread while throttled, the most is {MaxPendingBytes})")]
    private static partial void LogFloodCut(ILogger logger, string name, string address, long unreadBytes, int maxPendingBytes);

    [LoggerMessage(EventId = 12, EventName = "HistoryReadFailed", Level = LogLevel.Warning, Message = "Reading the history of {Room} failed; the client sees none")]
    private static partial void LogHistoryReadFailed(ILogger logger, string room, Exception error);

    [LoggerMessage(EventId = 107, EventName = "InternalError", Level = LogLevel.Error,
        Message = "{Address} ({Protocol}, nick {Nick}) disconnected: the server failed on its command {Command}; told 'internal error'")]
    private static partial void LogInternalError(ILogger logger, Exception exception, string address, string protocol, string nick, string command);

    [LoggerMessage(EventId = 108, EventName = "WriterFailed", Level = LogLevel.Error, Message = "{Address} ({Protocol}): the writer loop failed; its output is closed")]
    private static partial void LogWriterFailed(ILogger logger, Exception exception, string address, string protocol);

    [LoggerMessage(EventId = 109, EventName = "RenamedFromReservedNick", Level = LogLevel.Information,
        Message = "{Address} ({Protocol}) was renamed from {Nick} to {Guest}: a nick that needs a login ({Reason}), and it did not log in in time")]
    private static partial void LogRenamedFromReservedNick(ILogger logger, string address, string protocol, string nick, string guest, NickHoldReason reason);
}
