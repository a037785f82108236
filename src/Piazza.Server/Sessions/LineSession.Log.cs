namespace Piazza.Server.Sessions;

/// <remarks>
/// EventIds: 100–119 a connection's life (docs/ARCHITECTURE.md, "Log events"). Connect and
/// disconnect are Information: one line each per connection, with the address, the protocol,
/// the nick and the reason. A connection fault (a reset) is an ordinary end, logged at Debug
/// without a stack trace.
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

    [LoggerMessage(EventId = 104, EventName = "SendQueueExceeded", Level = LogLevel.Information, Message = "{Address} dropped: send queue exceeded {MaxBytes} bytes (it stopped reading)")]
    private static partial void LogSendQueueExceeded(ILogger logger, string address, int maxBytes);
}
