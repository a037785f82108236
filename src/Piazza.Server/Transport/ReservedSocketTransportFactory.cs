using System.Net;

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Piazza.Server.Transport;

/// <summary>
/// Kestrel's socket transport, for every listener that is not ours (the HTTP and TLS ports, and
/// the chat and IRC ports with <c>Listen:Transport=kestrel</c>), with the
/// <see cref="DescriptorReserve"/> kept as our transport keeps it: each listener is wrapped in a
/// <see cref="ReservedConnectionListener"/>. The HTTP port (<see cref="HttpListenEndPoint"/>) keeps
/// only half the reserve, so that <c>/healthz</c> and <c>/metrics</c> still answer while the chat
/// ports wait.
/// </summary>
internal sealed class ReservedSocketTransportFactory(IOptions<SocketTransportOptions> sockets, DescriptorReserve reserve, ILoggerFactory loggers, TimeProvider time)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly SocketTransportFactory _kestrel = new(sockets, loggers);

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint and not ChatListenEndPoint;

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = await _kestrel.BindAsync(endpoint, cancellationToken);
        var kept = endpoint is HttpListenEndPoint ? reserve.Size / 2 : reserve.Size;
        var pacing = new AcceptPacing(listener.EndPoint, reserve, kept, time, loggers.CreateLogger<ReservedConnectionListener>());
        return new ReservedConnectionListener(listener, pacing);
    }
}

/// <summary>
/// One of Kestrel's socket listeners, paced by <see cref="AcceptPacing"/>: a connection Kestrel
/// accepted on a descriptor in the reserve is closed at once (disposed before the next accept, so
/// its descriptor is free again), and the next accept waits until there is room; clients wait in
/// the listen backlog meanwhile. Kestrel's own listener retries its accept errors itself, at once
/// (SocketConnectionListener), so only the reserve paces it: with the reserve off, EMFILE makes it
/// spin, as it does without us.
/// </summary>
internal sealed class ReservedConnectionListener(IConnectionListener kestrel, AcceptPacing pacing) : IConnectionListener
{
    private readonly CancellationTokenSource _unbound = new();

    public EndPoint EndPoint => kestrel.EndPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (pacing.MustWait && !await pacing.WaitAsync(_unbound.Token, cancellationToken))
            {
                return null;
            }

            if (await kestrel.AcceptAsync(cancellationToken) is not { } connection)
            {
                return null;
            }

            if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket && pacing.Reaches(socket, out var descriptor))
            {
                pacing.Refused(descriptor);
                connection.Abort(new ConnectionAbortedException("The server is short of file descriptors."));
                await connection.DisposeAsync();
                continue;
            }

            pacing.HandedOn();
            return connection;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _unbound.Cancel();
        return kestrel.UnbindAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _unbound.Cancel();
        return kestrel.DisposeAsync();
    }
}
