using Piazza.Bench.Net;

namespace Piazza.Bench.Protocols;

/// <summary>How a chat message is framed on the wire: the payload goes between these bytes.</summary>
/// <param name="Prefix">What comes before the text ("PRIVMSG #bench :").</param>
/// <param name="Suffix">What comes after it ("\r\n").</param>
internal sealed record MessageFrame(byte[] Prefix, byte[] Suffix)
{
    /// <summary>Bytes of one message whose text is <paramref name="textBytes"/> long.</summary>
    public int Size(int textBytes) => Prefix.Length + textBytes + Suffix.Length;
}

/// <summary>
/// One way of talking to a chat server: how a client registers and joins a room, how a line
/// of chat is framed, what must be answered (PING) and how to leave. Stateless: one instance
/// serves every connection.
/// </summary>
internal abstract class ChatProtocol
{
    /// <summary>The name used on the command line and in results.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the server sends a room's messages back to their sender too (Redis).</summary>
    public virtual bool SelfDelivery => false;

    /// <summary>Whether the server has rooms (the seed has one room for all).</summary>
    public virtual bool SupportsRooms => true;

    /// <summary>Whether chat must go out on a second connection (a Redis subscriber can't publish).</summary>
    public virtual bool NeedsPublisher => false;

    /// <summary>
    /// Whether the server never confirms membership, so the bench sends probes until every
    /// client has heard one before it measures (the seed).
    /// </summary>
    public virtual bool NeedsProbe => false;

    /// <summary>
    /// Registers the client as <paramref name="nick"/> and, when <paramref name="room"/> is set,
    /// joins it; returns once the server confirmed. Throws <see cref="ProtocolException"/> when
    /// the server refuses, and ends early on <paramref name="cancel"/>.
    /// </summary>
    public abstract Task RegisterAsync(BenchConnection connection, string nick, string? room, CancellationToken cancel);

    /// <summary>How a line of chat to <paramref name="room"/> looks on the wire.</summary>
    public abstract MessageFrame FrameFor(string room, int textBytes);

    /// <summary>Answers what the server asks of an idle client (IRC's PING); the rest is ignored.</summary>
    public virtual void OnControlLine(BenchConnection connection, ReadOnlySpan<byte> line)
    {
    }

    /// <summary>Says goodbye the protocol's way and waits for the server to close.</summary>
    public abstract Task QuitAsync(BenchConnection connection, CancellationToken cancel);

    /// <summary>The protocol called <paramref name="name"/>.</summary>
    public static ChatProtocol Named(string name) => name.ToUpperInvariant() switch
    {
        "PLAIN" => new PlainProtocol(),
        "LINE" or "SEED" => new LineProtocol(),
        "IRC" => new IrcProtocol(),
        "REDIS" => new RedisProtocol(),
        _ => throw new ArgumentException($"unknown protocol '{name}' (plain, line, irc, redis)", nameof(name)),
    };

    /// <summary>Reads lines until one matches; fails on EOF or when <paramref name="refusal"/> matches.</summary>
    protected static async Task ExpectAsync(
        BenchConnection connection,
        Func<ReadOnlyMemory<byte>, bool> done,
        Func<ReadOnlyMemory<byte>, bool> refusal,
        CancellationToken cancel,
        Action<BenchConnection, ReadOnlyMemory<byte>>? other = null)
    {
        while (await connection.ReadLineAsync(cancel) is { } line)
        {
            if (refusal(line))
            {
                throw new ProtocolException("refused: " + Text(line));
            }

            if (done(line))
            {
                return;
            }

            other?.Invoke(connection, line);
        }

        throw new ProtocolException("the server closed the connection while registering");
    }

    /// <summary>Reads and ignores lines until the server closes.</summary>
    protected static async Task ReadToEndAsync(BenchConnection connection, CancellationToken cancel)
    {
        while (await connection.ReadLineAsync(cancel) is not null)
        {
        }
    }

    /// <summary>A received line as text, for messages.</summary>
    protected static string Text(ReadOnlyMemory<byte> line) => System.Text.Encoding.UTF8.GetString(line.Span);

    /// <summary>UTF-8 bytes of a command.</summary>
    protected static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}

/// <summary>The server refused what the bench asked, or broke the protocol.</summary>
internal sealed class ProtocolException : Exception
{
    public ProtocolException()
    {
    }

    public ProtocolException(string message)
        : base(message)
    {
    }

    public ProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
