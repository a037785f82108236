using System.Buffers;

namespace Piazza.Server.Sessions;

/// <summary>
/// How a session ends when something throws. Two kinds, told apart by where they come from:
/// the transport failing under the read or write loop is an ordinary end ("connection lost", at
/// Debug, no stack trace); a command handler throwing is a bug in the server, logged at Error
/// with its stack trace and the session's context, and the client is cut off with an internal
/// error while others see it quit (SignalR's rule for its connection loop: only the transport's
/// faults are control flow).
/// </summary>
internal abstract partial class LineSession
{
    private const string InternalError = "internal error";

    /// <summary>
    /// The command a line holds, for the log line of a handler that failed on it: the command
    /// word only, never the rest of the line (it may hold a password). Runs on the failure path
    /// only, so it parses the line again.
    /// </summary>
    protected abstract string CommandOf(ReadOnlySequence<byte> line);

    /// <summary>True for what the transport throws when the connection breaks or is aborted (<see cref="TransportFaults"/>).</summary>
    private static bool IsConnectionFault(Exception ex) => TransportFaults.Is(ex);

    /// <summary>
    /// The protocol's code threw while handling <paramref name="command"/> (or greeting, when
    /// null): logs it at Error, queues the client's cut line and returns the quit reason others see.
    /// </summary>
    private string FailInternally(Exception ex, string? command)
    {
        LogInternalError(Logger, ex, Address, ProtocolName, Joined?.Nick ?? "-", command ?? "(connect)");
        Interlocked.CompareExchange(ref _closeReason, InternalError, null);
        SendLast(CutLine(CutReason.InternalError));
        return InternalError;
    }
}
