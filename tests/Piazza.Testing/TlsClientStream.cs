using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Piazza.Testing;

/// <summary>
/// The TLS side of the test clients: an <see cref="SslStream"/> over a connected socket that
/// accepts the server's self-signed certificate and keeps it, so a test can check which one the
/// server presented (a reload).
/// </summary>
public static class TlsClientStream
{
    /// <summary>Connects to <paramref name="endPoint"/> and completes a TLS handshake for <c>localhost</c>.</summary>
    public static async Task<(Socket Socket, SslStream Stream)> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = await LineClient.OpenSocketAsync(endPoint, null);
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        try
        {
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                // The server's certificate is a test's own self-signed one (TestCertificate): no
                // chain to a trusted root, so it is taken by its name; which one came is the
                // test's to check (ServerThumbprint).
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=localhost",
            }).WaitAsync(TestServer.Timeout);
            return (socket, stream);
        }
        catch
        {
            await stream.DisposeAsync();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The SHA-1 thumbprint of the certificate the server presented on <paramref name="stream"/>.</summary>
    public static string ServerThumbprint(SslStream stream) =>
        stream.RemoteCertificate?.GetCertHashString()
        ?? throw new InvalidOperationException("The server presented no certificate.");
}
