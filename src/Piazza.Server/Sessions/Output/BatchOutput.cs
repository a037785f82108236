using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

using Piazza.Server.WebSockets;

namespace Piazza.Server.Sessions.Output;

/// <summary>
/// Where a session's writer loop puts each batch it takes from its send queue: the socket itself
/// for a plain TCP connection (<see cref="SocketBatchOutput"/>), else the transport's pipe
/// (<see cref="PipeBatchOutput"/>: TLS, WebSocket).
/// </summary>
internal abstract class BatchOutput
{
    /// <summary>The output for <paramref name="connection"/>'s writer.</summary>
    public static BatchOutput For(ConnectionContext connection)
    {
        // Only where the transport is still the socket itself (ours or Kestrel's): TLS wraps it in
        // an SslStream and /ws in a WebSocket, and their bytes must go through those.
        var features = connection.Features;
        if (features.Get<IConnectionSocketFeature>() is { } socket
            && features.Get<ITlsHandshakeFeature>() is null
            && features.Get<WebSocketTransport>() is null)
        {
            return new SocketBatchOutput(socket.Socket, connection);
        }

        return new PipeBatchOutput(connection.Transport.Output);
    }

    /// <summary>
    /// Writes the first <paramref name="count"/> messages of <paramref name="batch"/>, in order, and
    /// completes once the transport has taken them (TCP back-pressure); false when the transport
    /// will take no more (the connection is ending).
    /// </summary>
    /// <exception cref="Exception">A transport fault (<see cref="TransportFaults.Is"/>).</exception>
    public abstract ValueTask<bool> WriteAsync(ReadOnlyMemory<byte>[] batch, int count);

    /// <summary>No more output: the transport may close its side once what was written is sent.</summary>
    public abstract ValueTask CompleteAsync();
}
