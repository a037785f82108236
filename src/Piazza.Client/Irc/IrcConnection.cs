using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

using Piazza.Protocol.Irc;
using Piazza.Protocol.Line;

namespace Piazza.Client.Irc;

/// <summary>
/// One TCP (or TLS) connection to an IRC server: reads whole parsed lines, writes whole lines.
/// Reading is for one caller at a time, and so is writing (the session's write loop).
/// </summary>
internal sealed class IrcConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _reader;

    // PIAZZA_TRACE=1 copies every line both ways to stderr, for finding out what a server does.
    private static readonly bool Trace = Environment.GetEnvironmentVariable("PIAZZA_TRACE") == "1";
    private LineFramer _framer = new(IrcParser.MaxServerLineBytes);

    private IrcConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    /// <summary>Connects, and with <paramref name="tls"/> completes the TLS handshake.</summary>
    /// <exception cref="ConnectionFailedException">The server could not be reached; the message says why in one line.</exception>
    public static async Task<IrcConnection> OpenAsync(string host, int port, bool tls, bool insecure, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var address = new ServerAddress(host, port);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                var options = new SslClientAuthenticationOptions { TargetHost = host };
                if (insecure)
                {
                    // --insecure: the user asked to accept a self-signed (test) certificate.
#pragma warning disable CA5359 // Accepting any certificate is exactly what --insecure means.
                    options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
                }

                await ssl.AuthenticateAsClientAsync(options, deadline.Token).ConfigureAwait(false);
                stream = ssl;
            }

            return new IrcConnection(socket, stream);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new ConnectionFailedException($"cannot connect to {address}: no answer within {timeout.TotalSeconds:0} s");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new ConnectionFailedException($"cannot connect to {address}: {ex.Message}");
        }
        catch (AuthenticationException ex)
        {
            socket.Dispose();
            throw new ConnectionFailedException($"TLS with {address} failed: {ex.Message} (--insecure accepts a self-signed certificate)");
        }
        catch (IOException ex)
        {
            socket.Dispose();
            throw new ConnectionFailedException($"connection to {address} failed: {ex.Message}");
        }
    }

    /// <summary>
    /// Reads the next message; null when the server closed the connection. Lines that are not
    /// IRC (empty, overlong, no command) are skipped: a client shows what it can.
    /// </summary>
    public async ValueTask<IrcMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            IrcMessage? message = null;
            while (message is null)
            {
                var status = _framer.TryRead(ref buffer, out var line);
                if (status == LineStatus.NeedMoreData)
                {
                    break;
                }

                if (status == LineStatus.Line)
                {
                    if (Trace)
                    {
                        Console.Error.WriteLine("<< " + System.Text.Encoding.UTF8.GetString(line.ToArray()));
                    }

                    message = Parse(line);
                }
            }

            if (message is not null)
            {
                // More lines may be buffered already: mark only what was read as examined.
                _reader.AdvanceTo(buffer.Start);
                return message;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);

            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }

    /// <summary>Writes one line, CR LF included (as IrcWriter formats it); one caller at a time.</summary>
    public async Task WriteAsync(byte[] line, CancellationToken cancellationToken)
    {
        if (Trace)
        {
            await Console.Error.WriteAsync(">> " + Redacted(System.Text.Encoding.UTF8.GetString(line))).ConfigureAwait(false);
        }

        await _stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the connection at once; a pending read returns null or throws.</summary>
    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    /// <summary>
    /// A line as the trace shows it: what follows PASS, REGISTER, OPER and a SASL payload is a
    /// password, and a trace is pasted into bug reports.
    /// </summary>
    internal static string Redacted(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var command = space < 0 ? line : line[..space];
        var argument = space < 0 ? string.Empty : line[(space + 1)..].TrimEnd('\r', '\n');
        var secret = command.ToUpperInvariant() switch
        {
            "PASS" or "REGISTER" or "OPER" => true,
            "AUTHENTICATE" => argument is not ("PLAIN" or "SCRAM-SHA-256" or "+" or "*"),
            _ => false,
        };
        return secret ? command + " <hidden>\r\n" : line;
    }

    private static IrcMessage? Parse(ReadOnlySequence<byte> line)
    {
        var status = line.IsSingleSegment
            ? IrcParser.TryParseFromServer(line.FirstSpan, out var message)
            : IrcParser.TryParseFromServer(line.ToArray(), out message);
        return status is IrcParseStatus.Ok or IrcParseStatus.InvalidUtf8 ? message : null;
    }
}

/// <summary>A connection could not be opened; the message is one line a user can read.</summary>
internal sealed class ConnectionFailedException : Exception
{
    public ConnectionFailedException()
    {
    }

    public ConnectionFailedException(string message)
        : base(message)
    {
    }

    public ConnectionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
