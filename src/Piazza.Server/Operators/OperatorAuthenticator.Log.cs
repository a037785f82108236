namespace Piazza.Server.Operators;

internal sealed partial class OperatorAuthenticator
{
    [LoggerMessage(EventId = 401, EventName = "OperSucceeded", Level = LogLevel.Information, Message = "{Who} is now server operator {Account}")]
    private static partial void LogOperSucceeded(ILogger logger, string account, string who);

    [LoggerMessage(EventId = 402, EventName = "OperFailed", Level = LogLevel.Warning, Message = "{Who} failed to become server operator {Account}: {Why}")]
    private static partial void LogOperFailed(ILogger logger, string account, string who, string why);
}
