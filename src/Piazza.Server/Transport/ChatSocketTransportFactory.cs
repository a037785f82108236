using System.Net;

using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

using Piazza.Server.Hosting;

namespace Piazza.Server.Transport;

/// <summary>
/// Piazza's own socket transport for the chat and IRC ports (<c>Listen:Transport=piazza</c>, the
/// default): Kestrel keeps its connection dispatch, limits and middleware (per-IP limits, TLS on
/// the chat port), and this supplies the connections (<see cref="ChatSocketConnection"/>). It
/// binds only the endpoints marked <see cref="ChatListenEndPoint"/>; the HTTP and TLS ports stay on
/// Kestrel's transport.
/// </summary>
/// <param name="listen">The listen settings (the send buffer).</param>
/// <param name="reserve">The descriptors kept for the runtime; each listener stops accepting short of them.</param>
/// <param name="loggers">For the listeners' spells of trouble.</param>
/// <param name="time">The clock of the listeners' waits between tries: the wall clock (not the chat's, which tests make fake), but in the listeners' own tests.</param>
internal sealed class ChatSocketTransportFactory(IOptions<ListenSettings> listen, DescriptorReserve reserve, ILoggerFactory loggers, TimeProvider time)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    /// <summary>Kestrel's default backlog: connections the kernel completes before they are accepted.</summary>
    private const int Backlog = 512;

    public bool CanBind(EndPoint endpoint) => endpoint is ChatListenEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not ChatListenEndPoint ours)
        {
            throw new NotSupportedException($"{endpoint} is not a chat listener's endpoint.");
        }

        // The same listening socket Kestrel's transport would make (its send buffer, its error for a taken port).
        var socket = ListenSocketFactory.Create(ours, listen.Value);
        socket.Listen(Backlog);
        var bound = (IPEndPoint)socket.LocalEndPoint!;
        IConnectionListener listener = new ChatSocketListener(socket, ChatListenEndPoint.From(bound), reserve, time, loggers.CreateLogger<ChatSocketListener>());
        return ValueTask.FromResult(listener);
    }
}
