namespace Piazza.Server.Sessions;

internal abstract partial class LineSession
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Name} disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string name, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Address}: reading ended by a connection fault")]
    private static partial void LogReadFault(ILogger logger, string address, Exception fault);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Address}: writing ended by a connection fault")]
    private static partial void LogWriteFault(ILogger logger, string address, Exception fault);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Address} dropped: send queue exceeded {MaxBytes} bytes (it stopped reading)")]
    private static partial void LogSendQueueExceeded(ILogger logger, string address, int maxBytes);
}
