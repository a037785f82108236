using Microsoft.AspNetCore.Connections;

using Piazza.Storage.Sqlite;

namespace Piazza.Server.Hosting;

/// <summary>
/// The ways the server can fail to start that are the operator's to fix, told in one line
/// instead of a stack trace: a port already taken, a history file it will not touch.
/// </summary>
internal static class StartupFailure
{
    /// <summary>One line for the operator, or null when the failure is a bug (and keeps its stack trace).</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        HistoryStoreException history => history.Message,
        IOException { InnerException: AddressInUseException } bind =>
            bind.Message + " Another program (or another Piazza) has that port: choose others with the Listen:Chat, Listen:Irc and Listen:Http settings (Listen:Irc=off and Listen:Http=off turn those off).",
        _ => null,
    };
}
