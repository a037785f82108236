using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Accounts;
using Piazza.Server.Flood;
using Piazza.Server.History;
using Piazza.Server.Hosting;
using Piazza.Server.Operators;
using Piazza.Server.Sessions;
using Piazza.Server.Tls;

namespace Piazza.Server.Irc;

/// <summary>The IRC-only ports (6667, and 6697 behind TLS): every connection is an IRC session.</summary>
internal sealed class IrcPortHandler(ChatStartup chat, ConnectionCounter connections, IOptions<IrcOptions> irc, IOptions<HistoryOptions> history, OperatorAuthenticator operators, AccountAuthenticator accounts, IrcCommandCounts commandCounts, FloodControl flood, StsPolicy sts, ILogger<IrcPortHandler> logger)
    : LimitedConnectionHandler(chat, connections, logger)
{
    protected override ValueTask<LineSession?> OpenSessionAsync(ConnectionContext connection, ChatHub hub, string address, string host) =>
        ValueTask.FromResult<LineSession?>(new IrcSession(connection, hub, irc.Value, history.Value, operators, accounts, commandCounts, Logger, address, host, flood.NewGate(), sts.ValueFor(IsTls(connection))));

    /// <summary>Whether the connection came through Kestrel's TLS middleware (it sets the handshake feature).</summary>
    internal static bool IsTls(ConnectionContext connection) => connection.Features.Get<ITlsHandshakeFeature>() is not null;

    protected override byte[] Refusal(string why) => RefusalLine(why);

    /// <summary><c>ERROR :why</c>: how this port refuses a connection.</summary>
    internal static byte[] RefusalLine(string why) => IrcWriter.Format(null, null, "ERROR", [why], trailing: true);
}
