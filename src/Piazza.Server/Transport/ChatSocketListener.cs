using System.Net;
using System.Net.Sockets;

using Microsoft.AspNetCore.Connections;

namespace Piazza.Server.Transport;

/// <summary>Accepts the clients of one chat or IRC port for Kestrel's connection dispatcher (its accept loop calls <see cref="AcceptAsync"/>).</summary>
internal sealed class ChatSocketListener(Socket listenSocket, ChatListenEndPoint endPoint) : IConnectionListener
{
    /// <summary>The bound address (port 0 resolved), still marked as ours.</summary>
    public EndPoint EndPoint { get; } = endPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                var socket = await listenSocket.AcceptAsync(cancellationToken);

                // As Kestrel's transport: chat lines are small and must not wait for Nagle.
                socket.NoDelay = true;
                return new ChatSocketConnection(socket);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                // A client that reset before it was accepted: take the next one.
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted or SocketError.InvalidArgument)
            {
                // Unbound: Kestrel stops asking once this returns null.
                return null;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        listenSocket.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        listenSocket.Dispose();
        return ValueTask.CompletedTask;
    }
}
