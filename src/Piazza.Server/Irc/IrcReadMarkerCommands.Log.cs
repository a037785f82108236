namespace Piazza.Server.Irc;

internal sealed partial class IrcReadMarkerCommands
{
    // Accounts' range (160–169): a marker is an account's. Empty account: a connection not logged in.
    [LoggerMessage(EventId = 165, EventName = "ReadMarkerStoreFailed", Level = LogLevel.Error, Message = "The read marker of account {Account} for {Target} could not be read or set")]
    private static partial void LogStoreFailed(ILogger logger, string account, string target, Exception exception);
}
