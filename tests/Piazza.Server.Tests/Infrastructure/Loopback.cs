using System.Net;
using System.Net.Sockets;

namespace Piazza.Server.Tests.Infrastructure;

/// <summary>Client sockets on loopback, optionally from another loopback address (Linux answers on all of 127.0.0.0/8).</summary>
internal static class Loopback
{
    /// <summary>Connects to <paramref name="endPoint"/>, from <paramref name="from"/> when given.</summary>
    public static async Task<Socket> ConnectAsync(IPEndPoint endPoint, IPAddress? from)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (from is not null)
            {
                socket.Bind(new IPEndPoint(from, 0));
            }

            await socket.ConnectAsync(endPoint).WaitAsync(TestServer.Timeout);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>127.0.0.<paramref name="n"/>: a client address of its own for a test (not exempt from the per-IP limits).</summary>
    public static IPAddress Address(int n) => new([127, 0, 0, (byte)n]);
}
