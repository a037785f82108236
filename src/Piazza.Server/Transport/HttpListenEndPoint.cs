using System.Net;

namespace Piazza.Server.Transport;

/// <summary>
/// The HTTP port's address, marked so that <see cref="ReservedSocketTransportFactory"/> keeps only
/// half the descriptor reserve for it (the chat ports stop accepting first; health probes and
/// metrics still get through).
/// </summary>
internal sealed class HttpListenEndPoint(IPAddress address, int port) : IPEndPoint(address, port)
{
    /// <summary>The same address as <paramref name="endPoint"/>, marked as the HTTP port's.</summary>
    public static HttpListenEndPoint From(IPEndPoint endPoint) => new(endPoint.Address, endPoint.Port);
}
