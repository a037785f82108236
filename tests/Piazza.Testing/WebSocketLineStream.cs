using System.Net.WebSockets;
using System.Text;

namespace Piazza.Testing;

/// <summary>
/// A <see cref="ClientWebSocket"/> seen as the byte stream an IRC client reads, so that
/// <see cref="IrcClient"/> works over <c>/ws</c> unchanged: each message received becomes one line
/// (CR LF added); each line written becomes one message (CR LF removed), of the negotiated type.
/// What the server must never do is recorded in <see cref="Problems"/> rather than hidden: a message
/// holding CR or LF, a message of the other type, a text message that is not UTF-8.
/// </summary>
public sealed class WebSocketLineStream(ClientWebSocket socket) : Stream
{
    private readonly List<string> _problems = [];
    private byte[] _pending = [];
    private int _pendingOffset;

    /// <summary>The socket, for a test that sends frames of its own (fragments, binary, several lines).</summary>
    public ClientWebSocket Socket { get; } = socket;

    /// <summary>The type of message the negotiated subprotocol means: binary for <c>binary.ircv3.net</c>, text otherwise.</summary>
    public WebSocketMessageType MessageType => Socket.SubProtocol == "binary.ircv3.net" ? WebSocketMessageType.Binary : WebSocketMessageType.Text;

    /// <summary>Messages received, by type.</summary>
    public int TextMessages { get; private set; }

    /// <summary>Messages received, by type.</summary>
    public int BinaryMessages { get; private set; }

    /// <summary>What was wrong with the messages received so far (empty when nothing).</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>The server's close frame, once received.</summary>
    public (WebSocketCloseStatus? Status, string? Description)? Closed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Sends <paramref name="payload"/> as one message of <paramref name="type"/>, in <paramref name="fragments"/> frames.</summary>
    public async Task SendMessageAsync(byte[] payload, WebSocketMessageType type, int fragments = 1)
    {
        var size = (payload.Length + fragments - 1) / Math.Max(1, fragments);
        var offset = 0;
        do
        {
            var count = Math.Min(size, payload.Length - offset);
            var last = offset + count >= payload.Length;
            await Socket.SendAsync(payload.AsMemory(offset, count), type, last, CancellationToken.None).AsTask().WaitAsync(TestServer.Timeout);
            offset += count;
        }
        while (offset < payload.Length);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_pendingOffset == _pending.Length)
        {
            var message = await ReceiveMessageAsync(cancellationToken);
            if (message is null)
            {
                return 0;
            }

            _pending = message;
            _pendingOffset = 0;
        }

        var count = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
        _pending.AsMemory(_pendingOffset, count).CopyTo(buffer);
        _pendingOffset += count;
        return count;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        await ReadAsync(buffer.AsMemory(offset, count), cancellationToken);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        foreach (var line in Encoding.UTF8.GetString(buffer.Span).Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (text.Length > 0)
            {
                await Socket.SendAsync(Encoding.UTF8.GetBytes(text), MessageType, endOfMessage: true, cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Asynchronous only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Asynchronous only.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Disposing aborts the socket: no close frame, as a killed browser tab leaves it.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Socket.Abort();
            Socket.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The next whole message with CR LF appended, or null at the server's close frame (answered) or a broken connection.</summary>
    private async Task<byte[]?> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        var message = new MemoryStream();
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                var received = await Socket.ReceiveAsync(chunk, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    Closed = (received.CloseStatus, received.CloseStatusDescription);
                    await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                    return null;
                }

                message.Write(chunk, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                Check(message.ToArray(), received.MessageType);
                message.Write("\r\n"u8);
                return message.ToArray();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            return null;
        }
    }

    private void Check(byte[] payload, WebSocketMessageType type)
    {
        if (type == WebSocketMessageType.Text)
        {
            TextMessages++;
        }
        else
        {
            BinaryMessages++;
        }

        var text = Encoding.UTF8.GetString(payload);
        string? problem = null;
        if (type != MessageType)
        {
            problem = $"a {type} message on a {MessageType} connection: {text}";
        }
        else if (payload.AsSpan().IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            problem = $"a message holding CR or LF: {text}";
        }
        else if (type == WebSocketMessageType.Text && !System.Text.Unicode.Utf8.IsValid(payload))
        {
            problem = "a text message that is not UTF-8";
        }

        if (problem is not null)
        {
            lock (_problems)
            {
                _problems.Add(problem);
            }
        }
    }
}
