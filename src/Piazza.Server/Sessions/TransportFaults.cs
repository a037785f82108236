using System.Net.Sockets;

using Microsoft.AspNetCore.Connections;

namespace Piazza.Server.Sessions;

/// <summary>
/// What counts as the connection going away (as opposed to a bug), for every place that reads
/// or writes a client's transport: the sessions' loops, protocol detection, and refusals.
/// </summary>
internal static class TransportFaults
{
    /// <summary>
    /// True for a transport fault: Kestrel's socket transport throws
    /// <see cref="ConnectionResetException"/> (an <see cref="IOException"/>) for a reset,
    /// <see cref="ConnectionAbortedException"/> (an <see cref="OperationCanceledException"/>) for an
    /// abort, and passes any other <see cref="SocketException"/> through as it is (a timed-out or
    /// unreachable peer).
    /// </summary>
    /// <remarks>
    /// Not <see cref="InvalidOperationException"/>: the pipes throw it only when used after they
    /// were completed or from two readers at once, which our loops never do, so it is a bug and is
    /// logged as one. Not <see cref="ObjectDisposedException"/>: the transport turns a disposed
    /// socket into its abort reason and never hands it to the pipes' user.
    /// </remarks>
    public static bool Is(Exception ex) => ex is IOException or SocketException or OperationCanceledException;

    /// <summary>Writes <paramref name="line"/> (why the client is refused) and closes; a client already gone is not an error.</summary>
    public static async Task RefuseAsync(ConnectionContext connection, byte[] line)
    {
        try
        {
            await connection.Transport.Output.WriteAsync(line);
            await connection.Transport.Output.CompleteAsync();
        }
        catch (Exception ex) when (Is(ex))
        {
            // It left before hearing why; nothing more to do.
        }
    }
}
