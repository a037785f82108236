using System.Net.Sockets;

using Microsoft.AspNetCore.Connections;

namespace Piazza.Server.Transport;

/// <summary>
/// Turns what a socket throws into what Kestrel's own transport reports, so that the sessions'
/// fault handling (<see cref="Sessions.TransportFaults"/>) reads both transports alike: a reset is
/// a <see cref="ConnectionResetException"/>, and anything after our own abort or close is a
/// <see cref="ConnectionAbortedException"/> (never an <see cref="ObjectDisposedException"/>,
/// which would be taken for a bug).
/// </summary>
internal static class SocketFaults
{
    public static Exception Translate(Exception ex, bool closedByUs, Exception? abortReason)
    {
        if (closedByUs && (ex is ObjectDisposedException || ex is SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted or SocketError.InvalidArgument or SocketError.Shutdown }))
        {
            return abortReason as ConnectionAbortedException ?? new ConnectionAbortedException("The connection was closed by the server.", ex);
        }

        return ex switch
        {
            SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted } reset
                => new ConnectionResetException(reset.Message, reset),
            ObjectDisposedException disposed => new ConnectionAbortedException("The connection was closed by the server.", disposed),
            _ => ex,
        };
    }
}
