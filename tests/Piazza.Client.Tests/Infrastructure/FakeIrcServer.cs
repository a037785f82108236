using System.Net;
using System.Net.Sockets;
using System.Text;

using Piazza.Testing;

namespace Piazza.Client.Tests.Infrastructure;

/// <summary>
/// A scripted IRC server on loopback: the test reads what the client sends and writes whatever
/// bytes it likes back, hostile ones included.
/// </summary>
internal sealed class FakeIrcServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public FakeIrcServer() => _listener.Start();

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public async Task<Connection> AcceptAsync()
    {
        var client = await _listener.AcceptTcpClientAsync().WaitAsync(TestServer.Timeout);
        return new Connection(client);
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>One accepted client.</summary>
    internal sealed class Connection : IDisposable
    {
        private readonly TcpClient _client;
        private readonly NetworkStream _stream;
        private readonly StreamReader _reader;

        public Connection(TcpClient client)
        {
            _client = client;
            _stream = client.GetStream();
            _reader = new StreamReader(_stream, Encoding.UTF8);
        }

        /// <summary>The next line the client sent, without CR LF; null at end of stream.</summary>
        public async Task<string?> ReadLineAsync() => await _reader.ReadLineAsync().WaitAsync(TestServer.Timeout);

        /// <summary>Reads lines until one starts with <paramref name="prefix"/>.</summary>
        public async Task<string> ExpectAsync(string prefix)
        {
            while (await ReadLineAsync() is { } line)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            throw new InvalidOperationException($"The client closed before sending \"{prefix}…\".");
        }

        public Task SendAsync(string lines) => SendAsync(Encoding.UTF8.GetBytes(lines));

        public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes).AsTask().WaitAsync(TestServer.Timeout);

        /// <summary>Registers the client the way a minimal server does: no CAP, welcome, no MOTD.</summary>
        public async Task WelcomeAsync(string nick)
        {
            await ExpectAsync("USER");
            await SendAsync($":fake.server 001 {nick} :Welcome\r\n:fake.server 422 {nick} :No MOTD\r\n");
        }

        public void Dispose()
        {
            _reader.Dispose();
            _client.Dispose();
        }
    }
}
