namespace Piazza.Server.Operators;

/// <summary>What server operators do, for the log (EventIds 401-409 are the operators').</summary>
internal static partial class OperatorLog
{
    [LoggerMessage(EventId = 403, EventName = "Killed", Level = LogLevel.Information, Message = "Operator {Operator} killed {Victim} ({Address}): {Reason}")]
    public static partial void Killed(ILogger logger, string @operator, string victim, string address, string reason);

    [LoggerMessage(EventId = 404, EventName = "ServerBanAdded", Level = LogLevel.Information, Message = "Operator {Operator} banned {Mask} from the server {Duration}: {Reason}; {Cut} connected client(s) cut")]
    public static partial void BanAdded(ILogger logger, string @operator, string mask, string duration, string reason, int cut);

    [LoggerMessage(EventId = 405, EventName = "ServerBanRemoved", Level = LogLevel.Information, Message = "Operator {Operator} lifted the server ban on {Mask}")]
    public static partial void BanRemoved(ILogger logger, string @operator, string mask);

    [LoggerMessage(EventId = 406, EventName = "ServerBanNotStored", Level = LogLevel.Error, Message = "Server ban on {Mask}: {Problem}")]
    public static partial void BanNotStored(ILogger logger, string mask, string problem);

    [LoggerMessage(EventId = 407, EventName = "BannedClientRefused", Level = LogLevel.Information, Message = "Refused {Who} ({Address}): server ban on {Mask} ({Reason})")]
    public static partial void BannedClientRefused(ILogger logger, string who, string address, string mask, string reason);
}
