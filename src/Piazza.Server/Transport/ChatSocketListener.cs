using System.Net;
using System.Net.Sockets;

using Microsoft.AspNetCore.Connections;

namespace Piazza.Server.Transport;

/// <summary>
/// Accepts the clients of one chat or IRC port for Kestrel's connection dispatcher (its accept
/// loop calls <see cref="AcceptAsync"/>, one call at a time, and stops once it returns null).
/// </summary>
/// <remarks>
/// It stops only when unbound. Anything else an accept throws is retried, as Kestrel's own
/// listener retries: a client that left before it was accepted at once; any other error (EMFILE,
/// ENFILE, ENOBUFS, …) after a wait that doubles (<see cref="AcceptPacing"/>), so that an error
/// that repeats neither ends accepting for good nor spins a core. A client that takes a descriptor
/// within the <see cref="DescriptorReserve"/> is closed at once, and the next waits in the listen
/// backlog until there is room again.
/// </remarks>
internal sealed class ChatSocketListener : IConnectionListener
{
    private readonly Socket _listenSocket;
    private readonly AcceptPacing _pacing;
    private readonly Func<CancellationToken, ValueTask<Socket>> _accept;
    private readonly CancellationTokenSource _unbound = new();

    /// <param name="listenSocket">The bound, listening socket.</param>
    /// <param name="endPoint">Its address (port 0 resolved).</param>
    /// <param name="reserve">The descriptors kept for the runtime.</param>
    /// <param name="time">The clock of the waits between tries (the wall clock; a fake one in tests).</param>
    /// <param name="logger">Where spells of trouble are told.</param>
    /// <param name="accept">Stands in for the socket's accept (tests inject errors with it); null: the socket's own.</param>
    public ChatSocketListener(Socket listenSocket, ChatListenEndPoint endPoint, DescriptorReserve reserve, TimeProvider time, ILogger logger,
        Func<CancellationToken, ValueTask<Socket>>? accept = null)
    {
        _listenSocket = listenSocket;
        EndPoint = endPoint;
        _pacing = new AcceptPacing(endPoint, reserve, reserve.Size, time, logger);
        _accept = accept ?? listenSocket.AcceptAsync;
    }

    /// <summary>The bound address (port 0 resolved), still marked as ours.</summary>
    public EndPoint EndPoint { get; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_pacing.MustWait && !await _pacing.WaitAsync(_unbound.Token, cancellationToken))
            {
                return null;
            }

            Socket socket;
            try
            {
                socket = await _accept(cancellationToken);
            }
            catch (Exception ex) when (_unbound.IsCancellationRequested && ex is SocketException or ObjectDisposedException)
            {
                // Unbound (OperationAborted, Interrupted, or the socket disposed first): Kestrel stops asking.
                return null;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                // A client that left before it was accepted: take the next one.
                continue;
            }
            catch (SocketException ex)
            {
                _pacing.Failed(ex);
                continue;
            }

            if (_pacing.Reaches(socket, out var descriptor))
            {
                _pacing.Refused(descriptor);
                socket.Dispose();
                continue;
            }

            _pacing.HandedOn();

            // As Kestrel's transport: chat lines are small and must not wait for Nagle.
            socket.NoDelay = true;
            InlineCompletions.Prefer(socket);
            return new ChatSocketConnection(socket);
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        Unbind();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Unbind();
        return ValueTask.CompletedTask;
    }

    private void Unbind()
    {
        // First, so that whatever the pending accept throws now is read as the end.
        _unbound.Cancel();
        _listenSocket.Dispose();
    }
}
