using System.Buffers;

using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Protocol;
using Piazza.Protocol.Line;
using Piazza.Server.Accounts;
using Piazza.Server.Flood;
using Piazza.Server.History;
using Piazza.Server.Hosting;
using Piazza.Server.Irc;
using Piazza.Server.Operators;
using Piazza.Server.Plain;
using Piazza.Server.Tls;

namespace Piazza.Server.Sessions;

/// <summary>
/// The chat port (54321) speaks both protocols: a connection whose first line is an IRC
/// registration command is an IRC session; any other first line, or silence for
/// <see cref="IrcOptions.DetectTimeoutMilliseconds"/>, makes a plain session. The first line is
/// only looked at, never consumed: the chosen session reads it again. With TLS on, a TLS client
/// reaches this past Kestrel's TLS middleware (<see cref="TlsMiddleware"/>) and is detected the same way.
/// </summary>
internal sealed partial class ChatPortHandler(ChatStartup chat, ConnectionCounter connections, IOptions<IrcOptions> irc, IOptions<HistoryOptions> history, OperatorAuthenticator operators, AccountAuthenticator accounts, IrcCommandCounts commandCounts, FloodControl flood, StsPolicy sts, ILogger<ChatPortHandler> logger)
    : LimitedConnectionHandler(chat, connections, logger)
{
    protected override async ValueTask<LineSession?> OpenSessionAsync(ConnectionContext connection, ChatHub hub, string address, string host)
    {
        bool isIrc;
        try
        {
            // With TLS on, TlsMiddleware may have waited for the first byte already: only the rest is waited here.
            var timeout = TimeSpan.FromMilliseconds(irc.Value.DetectTimeoutMilliseconds);
            if (connection.Features.Get<ChatPortSilence>() is { } silence)
            {
                timeout = silence.Remaining(timeout);
            }

            isIrc = await StartsWithIrcAsync(connection.Transport.Input, timeout);
        }
        catch (Exception ex) when (TransportFaults.Is(ex))
        {
            // A client that resets before its first line (a port scanner, a vanished client) is
            // an ordinary end, not a server error: one line, no stack trace.
            LogGoneBeforeFirstLine(Logger, address, ex.Message);
            return null;
        }

        return isIrc
            ? new IrcSession(connection, hub, irc.Value, history.Value, operators, accounts, commandCounts, Logger, address, host, flood.NewGate(), sts.ValueFor(IrcPortHandler.IsTls(connection)))
            : new PlainSession(connection, hub, history.Value, operators, accounts, Logger, address, host, flood.NewGate());
    }

    /// <summary>The grace read after the detection timeout (see <see cref="StartsWithIrcAsync"/>).</summary>
    private static readonly TimeSpan DetectGrace = TimeSpan.FromMilliseconds(100);

    protected override byte[] Refusal(string why) => LineWriter.Error(why);

    /// <summary>
    /// Waits for the first line (or the timeout) and tells whether it is IRC registration. A
    /// timeout is confirmed by one short grace read: on a starved machine the timer can fire
    /// before the receive that was already done reaches the pipe, and an IRC client taken for a
    /// plain one never registers (seen with the load average at 11 on two cores).
    /// </summary>
    private static async Task<bool> StartsWithIrcAsync(System.IO.Pipelines.PipeReader input, TimeSpan timeout)
    {
        var verdict = await FirstLineIsIrcAsync(input, timeout);
        return verdict ?? await FirstLineIsIrcAsync(input, DetectGrace) ?? false;
    }

    /// <summary>True or false once a first line (or 512 bytes, or the end) is there; null on timeout.</summary>
    private static async Task<bool?> FirstLineIsIrcAsync(System.IO.Pipelines.PipeReader input, TimeSpan timeout)
    {
        // Wall time, not the hub's TimeProvider: this waits for bytes on a real socket (how long a
        // client takes to speak first), and the tests that run the chat on a fake clock still
        // connect real plain clients, which get their welcome only when this passes.
        using var silence = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(silence.Token);
                var buffer = result.Buffer;
                var lineEnd = buffer.PositionOf((byte)'\n');
                if (lineEnd is not null || buffer.Length >= 512 || result.IsCompleted || result.IsCanceled)
                {
                    var first = lineEnd is { } end ? buffer.Slice(0, end) : buffer.Slice(0, Math.Min(buffer.Length, 512));
                    var isIrc = ProtocolDetector.IsIrcRegistration(first.ToArray());
                    input.AdvanceTo(buffer.Start);
                    return isIrc;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 130, EventName = "GoneBeforeFirstLine", Level = LogLevel.Information, Message = "{Address} disconnected before its first line (chat port): {Fault}")]
    private static partial void LogGoneBeforeFirstLine(ILogger logger, string address, string fault);
}
