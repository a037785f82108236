using System.Net;
using System.Net.Sockets;

namespace Piazza.Testing;

/// <summary>Ports for what must know its port before it binds (a cluster's silos, servers that name each other).</summary>
public static class FreePorts
{
    private static int s_nextPort = Random.Shared.Next(10000);

    /// <summary>
    /// A port free now on 127.0.0.1, for a listener that binds it a moment later (Orleans needs the
    /// port it advertises before it binds, so not 0; two servers that list each other's address
    /// need both before either starts). Taken below Linux's ephemeral range (32768 up), where the
    /// many client sockets of the tests running beside this one cannot take it in between; from a
    /// random start, so test processes running at once rarely meet.
    /// </summary>
    public static int Next()
    {
        for (var tries = 0; tries < 1000; tries++)
        {
            var port = 20000 + (Interlocked.Increment(ref s_nextPort) % 10000);
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken: the next one.
            }
        }

        throw new InvalidOperationException("no free port in 20000-29999");
    }
}
