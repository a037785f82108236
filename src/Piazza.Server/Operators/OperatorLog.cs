namespace Piazza.Server.Operators;

/// <summary>What server operators do, for the log (EventIds 401-409 are the operators').</summary>
internal static partial class OperatorLog
{
    [LoggerMessage(EventId = 403, EventName = "Killed", Level = LogLevel.Information, Message = "Operator {Operator} killed {Victim} ({Address}): {Reason}")]
    public static partial void Killed(ILogger logger, string @operator, string victim, string address, string reason);
}
