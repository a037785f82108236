using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Piazza.Testing;

/// <summary>
/// A raw IRC client on a real socket: it sends lines as typed and reads the server's lines in
/// the background, parsed by <see cref="IrcLine"/>. Every wait has <see cref="TestServer.Timeout"/>.
/// </summary>
public sealed partial class IrcClient : IAsyncDisposable
{
    private readonly Socket? _socket;
    private readonly Stream _stream;
    private readonly Channel<IrcLine> _lines = Channel.CreateUnbounded<IrcLine>();
    private readonly Task _reader;
    private int _syncs;

    private IrcClient(Socket? socket, Stream? stream = null)
    {
        _socket = socket;
        _stream = stream ?? new NetworkStream(socket ?? throw new ArgumentNullException(nameof(socket)), ownsSocket: false);
        _reader = ReadLinesAsync();
    }

    /// <summary>The nick this client registered with, or last changed to through <see cref="ChangeNickAsync"/>.</summary>
    public string Nick { get; private set; } = "*";

    /// <summary>Lines received and skipped by the Expect methods.</summary>
    public List<IrcLine> Skipped { get; } = [];

    /// <summary>Opens a connection and sends nothing.</summary>
    public static async Task<IrcClient> ConnectAsync(IPEndPoint endPoint) => await ConnectFromAsync(endPoint, null);

    /// <summary>Opens a connection from <paramref name="from"/> (a loopback address such as 127.0.0.2) and sends nothing.</summary>
    public static async Task<IrcClient> ConnectFromAsync(IPEndPoint endPoint, IPAddress? from) =>
        new(await LineClient.OpenSocketAsync(endPoint, from));

    /// <summary>Opens a TLS connection (the TLS port, or the chat port with TLS on) and sends nothing.</summary>
    public static async Task<IrcClient> ConnectTlsAsync(IPEndPoint endPoint)
    {
        var (socket, stream) = await TlsClientStream.ConnectAsync(endPoint);
        return new IrcClient(socket, stream);
    }

    /// <summary>The thumbprint of the certificate the server presented; only for a client made by <see cref="ConnectTlsAsync"/>.</summary>
    public string ServerThumbprint => TlsClientStream.ServerThumbprint((System.Net.Security.SslStream)_stream);

    /// <summary>Connects and registers as <paramref name="nick"/>, first requesting <paramref name="caps"/> if any.</summary>
    public static async Task<IrcClient> ConnectAsync(IPEndPoint endPoint, string nick, params string[] caps)
    {
        var client = await ConnectAsync(endPoint);
        await client.RegisterAsync(nick, caps);
        return client;
    }

    /// <summary>
    /// Registers: with caps, <c>CAP LS 302</c>, <c>CAP REQ</c> (which must be ACKed), NICK, USER,
    /// <c>CAP END</c>; without, NICK and USER. Returns every line up to the end of the MOTD, which
    /// must hold the welcome (001) and no error reply (a nick in use, a ban).
    /// </summary>
    public Task<List<IrcLine>> RegisterAsync(string nick, params string[] caps) => RegisterAsync(nick, allowErrors: false, caps);

    /// <summary>
    /// Registers as <see cref="RegisterAsync(string, string[])"/> does; with <paramref name="allowErrors"/>
    /// the burst may hold error replies: only for a test that sent wrong lines first and asserts
    /// their replies itself.
    /// </summary>
    public async Task<List<IrcLine>> RegisterAsync(string nick, bool allowErrors, params string[] caps)
    {
        if (caps.Length > 0)
        {
            await SendAsync("CAP LS 302");
            await ExpectAsync(l => l.Is("CAP") && l[1] == "LS" && l[2] != "*");
            await SendAsync("CAP REQ :" + string.Join(' ', caps));
            var ack = await ExpectAsync("CAP");
            Assert.True(ack[1] == "ACK", $"CAP REQ {string.Join(' ', caps)} was not acknowledged: {ack}");
        }

        await SendAsync("NICK " + nick);
        await SendAsync($"USER {nick}u 0 * :{nick} Real");
        if (caps.Length > 0)
        {
            await SendAsync("CAP END");
        }

        var burst = await ReadUntilAsync(l => l.Is("376") || l.Is("422"), allowErrors ? null : $"registering as {nick}");
        Assert.Contains(burst, l => l.Is("001"));
        Nick = nick;
        return burst;
    }

    /// <summary>
    /// Joins a channel and waits for the end of its NAMES; returns the lines from the JOIN on. An
    /// error reply before it (the join refused) fails the test there.
    /// </summary>
    public async Task<List<IrcLine>> JoinAsync(string channel, string? key = null)
    {
        await SendAsync(key is null ? $"JOIN {channel}" : $"JOIN {channel} {key}");
        return await ReadUntilAsync(l => l.Is("366") && string.Equals(l[1], channel, StringComparison.OrdinalIgnoreCase), $"joining {channel}");
    }

    /// <summary>
    /// Joins every client to <paramref name="channel"/> in order (the first becomes its operator)
    /// and waits until each has seen every later join, so no join is left unread.
    /// </summary>
    public static async Task JoinAllAsync(string channel, params IrcClient[] clients)
    {
        for (var i = 0; i < clients.Length; i++)
        {
            await clients[i].JoinAsync(channel);
            foreach (var earlier in clients.Take(i))
            {
                await earlier.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == clients[i].Nick);
            }
        }
    }

    /// <summary>Changes nick and waits for the server's NICK echo.</summary>
    public async Task ChangeNickAsync(string nick)
    {
        await SendAsync("NICK " + nick);
        await ExpectAsync(l => l.Is("NICK") && l.SourceNick == Nick && l[0] == nick);
        Nick = nick;
    }

    public Task SendAsync(string line) => SendRawAsync(Encoding.UTF8.GetBytes(line + "\r\n"));

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes).AsTask().WaitAsync(TestServer.Timeout);

    /// <summary>The next line received.</summary>
    public async Task<IrcLine> NextAsync()
    {
        try
        {
            return await _lines.Reader.ReadAsync().AsTask().WaitAsync(TestServer.Timeout);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The server closed the connection. Skipped before: {string.Join(" | ", Skipped.TakeLast(5))}");
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No line within {TestServer.Timeout}. Skipped before: {string.Join(" | ", Skipped.TakeLast(10))}");
        }
    }

    /// <summary>
    /// Skips lines until one matches; the skipped ones are kept in <see cref="Skipped"/>. Strict
    /// unless <paramref name="allowErrors"/>: a skipped error reply (see <see cref="IrcLine.IsError"/>)
    /// fails the test there, naming the line, since an error nobody asked about between two steps
    /// means the earlier step went wrong and would otherwise go unseen.
    /// </summary>
    /// <param name="match">The line waited for (an error it matches is returned, not skipped).</param>
    /// <param name="allowErrors">Skip error replies too: only for a test that provokes errors on
    /// purpose and does not assert them one by one.</param>
    public async Task<IrcLine> ExpectAsync(Func<IrcLine, bool> match, bool allowErrors = false)
    {
        while (true)
        {
            var line = await NextAsync();
            if (match(line))
            {
                return line;
            }

            Skipped.Add(line);
            if (!allowErrors && line.IsError)
            {
                Assert.Fail($"An error reply came while waiting for another line: {line}");
            }
        }
    }

    /// <summary>Skips lines until one with this command or numeric; strict as <see cref="ExpectAsync(Func{IrcLine, bool}, bool)"/>.</summary>
    public Task<IrcLine> ExpectAsync(string command, bool allowErrors = false) => ExpectAsync(l => l.Is(command), allowErrors);

    /// <summary>Reads lines up to and including the first that matches, and returns them all.</summary>
    public Task<List<IrcLine>> ReadUntilAsync(Func<IrcLine, bool> match) => ReadUntilAsync(match, doing: null);

    /// <summary>
    /// Reads lines up to and including the first that matches, and returns them all; given what the
    /// client is <paramref name="doing"/>, an error reply before it fails the test there, naming both.
    /// </summary>
    private async Task<List<IrcLine>> ReadUntilAsync(Func<IrcLine, bool> match, string? doing)
    {
        var lines = new List<IrcLine>();
        while (true)
        {
            var line = await NextAsync();
            lines.Add(line);
            if (match(line))
            {
                return lines;
            }

            if (doing is not null && line.IsError)
            {
                Assert.Fail($"An error reply came while {doing}: {line}");
            }
        }
    }

    /// <summary>
    /// A barrier: sends a PING with a fresh token and returns every line that came before its
    /// PONG. The server answers in order, so whatever was queued for this client before the PING
    /// was read is in the list.
    /// </summary>
    public async Task<List<IrcLine>> SyncAsync()
    {
        var token = "sync" + Interlocked.Increment(ref _syncs).ToString(CultureInfo.InvariantCulture);
        await SendAsync("PING " + token);
        var lines = await ReadUntilAsync(l => l.Is("PONG") && l.Last == token);
        lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>Reads until the server closes the connection; returns the lines that came before.</summary>
    public async Task<List<IrcLine>> WaitClosedAsync()
    {
        var rest = new List<IrcLine>();
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(timeout.Token))
            {
                rest.Add(line);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server did not close the connection within {TestServer.Timeout}; it sent: {string.Join(" | ", rest)}");
        }

        await _reader.WaitAsync(TestServer.Timeout);
        return rest;
    }

    public async ValueTask DisposeAsync()
    {
        _socket?.Dispose();
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

    /// <summary>Splits the byte stream at LF (dropping the CR before it) and parses each line.</summary>
    private async Task ReadLinesAsync()
    {
        var buffer = new byte[16 * 1024];
        var pending = new List<byte>();
        try
        {
            while (await _stream.ReadAsync(buffer) is var read and > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        pending.Add(buffer[i]);
                        continue;
                    }

                    var length = pending.Count + 1;
                    var text = pending.Count > 0 && pending[^1] == (byte)'\r' ? pending.GetRange(0, pending.Count - 1) : pending;
                    _lines.Writer.TryWrite(IrcLine.Parse(Encoding.UTF8.GetString([.. text]), length));
                    pending.Clear();
                }
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
