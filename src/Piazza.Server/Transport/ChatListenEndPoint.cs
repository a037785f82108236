using System.Net;

namespace Piazza.Server.Transport;

/// <summary>
/// An address that the chat port or the IRC port listens on with <see cref="ChatSocketTransportFactory"/>
/// (Piazza's own socket transport) rather than Kestrel's: Kestrel picks a listener's transport by
/// its endpoint, and this type is what tells ours apart. The HTTP and TLS ports keep plain
/// <see cref="IPEndPoint"/>s and Kestrel's transport.
/// </summary>
internal sealed class ChatListenEndPoint(IPAddress address, int port) : IPEndPoint(address, port)
{
    /// <summary>The same address as <paramref name="endPoint"/>, marked for our transport.</summary>
    public static ChatListenEndPoint From(IPEndPoint endPoint) => new(endPoint.Address, endPoint.Port);
}
