using Piazza.Core;

namespace Piazza.Server.Irc;

/// <summary>
/// What registration commands (<see cref="IrcRegistrationCommands"/>) may do to the session beyond
/// replying: put the client in the hub, and end the session. No other family is given it.
/// </summary>
/// <remarks>Threads: the session's read loop only.</remarks>
internal interface IIrcSessionControl
{
    /// <summary>The client's <c>ip:port</c>, for log lines.</summary>
    string Address { get; }

    /// <summary>The client's host, as <c>nick!user@host</c> shows it.</summary>
    string Host { get; }

    /// <summary>Whether the connection is encrypted (TLS).</summary>
    bool IsSecure { get; }

    /// <summary>
    /// Puts the client in the hub with this session as its sink: on <see cref="ChatError.None"/> it is
    /// <see cref="IIrcCommandContext.Member"/> from now on, and idle clients are PINGed.
    /// </summary>
    ChatError Enter(MemberInfo info);

    /// <summary>Queues <c>ERROR :<paramref name="error"/></c> and ends the session once this command is done; others see <paramref name="reason"/>.</summary>
    void End(string error, string reason);

    /// <summary>Cuts the session now, as the server cuts a client (its goodbye is the last line it gets); others see <paramref name="reason"/>.</summary>
    void Cut(string reason);
}
