using System.Net;

using Piazza.Core;

namespace Piazza.Server.Operators;

/// <summary>
/// Address bans (D-lines) at the door: the connection handler asks here before a session is
/// made, so a banned IP costs one lookup and one refusal line, and never reaches the chat.
/// </summary>
internal static partial class ServerBanGate
{
    /// <summary>Why <paramref name="remote"/> is refused (the line to send it), or null to let it in.</summary>
    public static string? RefusalFor(ChatHub hub, EndPoint? remote, ILogger logger)
    {
        if (remote is not IPEndPoint ip || hub.ServerBans.FindForAddress(ip.Address) is not { } ban)
        {
            return null;
        }

        // Debug: a banned client reconnecting in a loop must not flood the log; the ban itself was logged.
        LogRefused(logger, ip, ban.Mask, ban.Reason);
        return $"you are banned from this server: {ban.Reason}";
    }

    [LoggerMessage(EventId = 408, EventName = "BannedAddressRefused", Level = LogLevel.Debug, Message = "Refused {RemoteEndPoint}: server ban on {Mask} ({Reason})")]
    private static partial void LogRefused(ILogger logger, IPEndPoint remoteEndPoint, string mask, string reason);
}
