using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Piazza.Testing;

/// <summary>A plain-protocol client on a real socket, as nc would be: it reads lines in the background.</summary>
public sealed class LineClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Task _reader;

    private LineClient(Socket socket, Stream? stream = null)
    {
        _socket = socket;
        _stream = stream ?? new NetworkStream(socket, ownsSocket: false);
        Address = ((IPEndPoint)socket.LocalEndPoint!).ToString();
        _reader = ReadLinesAsync();
    }

    /// <summary>How the server names this client until it picks a nick: the seed's ip:port.</summary>
    public string Address { get; }

    /// <summary>Lines received and skipped by <see cref="ExpectAsync(Func{string, bool}, bool)"/>.</summary>
    public List<string> Skipped { get; } = [];

    /// <summary>
    /// Connects and reads the welcome and the line saying which room it is in. Like a script, it
    /// first sends an empty line, which the server ignores but which tells it at once that this
    /// is a plain client (a silent one waits for the IRC detection timeout; a test covers that).
    /// </summary>
    /// <param name="endPoint">The server.</param>
    /// <param name="readWelcome">Read (and check) the welcome lines.</param>
    /// <param name="announce">Send the empty line first.</param>
    /// <param name="from">A local address to connect from (127.0.0.2 …: another client address for the per-IP limits).</param>
    public static async Task<LineClient> ConnectAsync(IPEndPoint endPoint, bool readWelcome = true, bool announce = true, IPAddress? from = null)
    {
        var socket = await OpenSocketAsync(endPoint, from);
        var client = new LineClient(socket);
        if (announce)
        {
            await client.SendRawAsync("\n"u8.ToArray());
        }

        if (readWelcome)
        {
            Assert.StartsWith("* welcome to Piazza, " + client.Address, await client.NextAsync());
            Assert.StartsWith("* you are in lobby", await client.NextAsync());
        }

        return client;
    }

    /// <summary>
    /// Connects over TLS (the chat port with TLS on), then as <see cref="ConnectAsync(IPEndPoint, bool, bool, IPAddress?)"/>:
    /// an empty line first, and the welcome read.
    /// </summary>
    public static async Task<LineClient> ConnectTlsAsync(IPEndPoint endPoint, bool readWelcome = true, bool announce = true)
    {
        var (socket, stream) = await TlsClientStream.ConnectAsync(endPoint);
        var client = new LineClient(socket, stream);
        if (announce)
        {
            await client.SendRawAsync("\n"u8.ToArray());
        }

        if (readWelcome)
        {
            Assert.StartsWith("* welcome to Piazza, " + client.Address, await client.NextAsync());
            Assert.StartsWith("* you are in lobby", await client.NextAsync());
        }

        return client;
    }

    /// <summary>The thumbprint of the certificate the server presented; only for a client made by <see cref="ConnectTlsAsync"/>.</summary>
    public string ServerThumbprint => TlsClientStream.ServerThumbprint((System.Net.Security.SslStream)_stream);

    /// <summary>Connects a socket to <paramref name="endPoint"/>, from the local address <paramref name="from"/> when given.</summary>
    internal static async Task<Socket> OpenSocketAsync(IPEndPoint endPoint, IPAddress? from)
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

    public Task SendAsync(string line) => SendRawAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes).AsTask().WaitAsync(TestServer.Timeout);

    /// <summary>The next line received.</summary>
    public async Task<string> NextAsync()
    {
        try
        {
            return await _lines.Reader.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The server closed the connection.");
        }
    }

    /// <summary>
    /// Skips lines until one matches; the skipped ones are kept in <see cref="Skipped"/>. Strict
    /// unless <paramref name="allowErrors"/>: a skipped error reply (<c>! …</c>) fails the test
    /// there, naming the line, since an error nobody asked about between two steps means the
    /// earlier step went wrong and would otherwise go unseen.
    /// </summary>
    /// <param name="match">The line waited for (an error it matches is returned, not skipped).</param>
    /// <param name="allowErrors">Skip error replies too: only for a test that provokes errors on
    /// purpose and does not assert them one by one.</param>
    public async Task<string> ExpectAsync(Func<string, bool> match, bool allowErrors = false)
    {
        while (true)
        {
            var line = await NextAsync();
            if (match(line))
            {
                return line;
            }

            Skipped.Add(line);
            if (!allowErrors && IsError(line))
            {
                Assert.Fail($"An error reply came while waiting for another line: {line}");
            }
        }
    }

    /// <summary>Skips lines until this exact one arrives; strict as <see cref="ExpectAsync(Func{string, bool}, bool)"/>.</summary>
    public Task<string> ExpectAsync(string exact, bool allowErrors = false) => ExpectAsync(line => line == exact, allowErrors);

    /// <summary>True for the plain protocol's error reply: <c>! reason</c>.</summary>
    public static bool IsError(string line) => line.StartsWith("! ", StringComparison.Ordinal);

    /// <summary>The next line that is chat, skipping server notices; an error reply fails the test, as in <see cref="ExpectAsync(Func{string, bool}, bool)"/>.</summary>
    public Task<string> NextChatAsync() => ExpectAsync(line => !line.StartsWith("* ", StringComparison.Ordinal) && !line.StartsWith("! ", StringComparison.Ordinal));

    /// <summary>Sets a nickname and waits for the server to confirm it.</summary>
    public async Task NickAsync(string nick)
    {
        await SendAsync("/nick " + nick);
        await ExpectAsync("* you are now known as " + nick);
    }

    /// <summary>Reads until the server closes the connection; returns the lines that came before.</summary>
    public async Task<List<string>> ReadToEndAsync()
    {
        var rest = new List<string>();
        await foreach (var line in _lines.Reader.ReadAllAsync().WithCancellation(CancellationToken.None))
        {
            rest.Add(line);
        }

        await _reader.WaitAsync(TestServer.Timeout);
        return rest;
    }

    /// <summary>Waits for the server to close the connection.</summary>
    public Task<List<string>> WaitClosedAsync() => ReadToEndAsync().WaitAsync(TestServer.Timeout);

    /// <summary>Closes the sending side (FIN), as <c>nc -N</c> does at the end of its input.</summary>
    public void CloseOutput() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Closes abruptly with a TCP reset, as a client that vanishes.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _stream.DisposeAsync();
        try
        {
            await _reader.WaitAsync(TestServer.Timeout);
        }
        catch (TimeoutException)
        {
            // The reader ends with the socket; a timeout here only means the OS was slow.
        }
    }

    private async Task ReadLinesAsync()
    {
        try
        {
            // leaveOpen: the stream is the client's to close (DisposeAsync). Disposing it here at the
            // server's close raced with a first write: a connection the server refuses at once
            // could find its stream disposed under the empty line it announces itself with.
            using var reader = new StreamReader(_stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: -1, leaveOpen: true);
            while (await reader.ReadLineAsync() is { } line)
            {
                _lines.Writer.TryWrite(line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // Closed or reset: the end of the lines either way.
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }
}
