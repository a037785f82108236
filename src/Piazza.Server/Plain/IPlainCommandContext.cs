using Piazza.Core;
using Piazza.Server.Accounts;
using Piazza.Server.History;
using Piazza.Server.Operators;
using Piazza.Server.Sessions;

namespace Piazza.Server.Plain;

/// <summary>
/// What a plain command handler may use of the session that runs it: the hub and the client in
/// it, the history replay, the operator accounts, and a way to reply. Narrow on purpose, so a
/// handler can be read (and tested) without the session's connection, queues or loops.
/// </summary>
/// <remarks>Threads: the session's read loop only, as every command.</remarks>
internal interface IPlainCommandContext
{
    /// <summary>The hub the client is in.</summary>
    ChatHub Hub { get; }

    /// <summary>The client in the hub.</summary>
    Member Member { get; }

    /// <summary>The client's <c>ip:port</c>, for log lines.</summary>
    string Address { get; }

    /// <summary>For operator log lines.</summary>
    ILogger Logger { get; }

    /// <summary>History for a room being joined, and what the room delivers meanwhile.</summary>
    HistoryReplay Replay { get; }

    /// <summary>The server's history settings (how much a join replays, the most a query reads).</summary>
    HistoryOptions HistoryOptions { get; }

    /// <summary>The server operator accounts, for <c>/oper</c>.</summary>
    OperatorAuthenticator Operators { get; }

    /// <summary>The accounts' passwords and registration, for <c>/register</c> and <c>/login</c>.</summary>
    AccountAuthenticator Accounts { get; }

    /// <summary>A notice to the client: <c>* text</c>.</summary>
    void SendNotice(string text);

    /// <summary>An error reply to the client: <c>! text</c>.</summary>
    void SendError(string text);
}
