using Piazza.Bench.Net;

namespace Piazza.Bench.Protocols;

/// <summary>
/// IRC (RFC 2812 §3.1 registration, §3.2.1 JOIN, §3.3.1 PRIVMSG; modern.ircdocs.horse):
/// <code>
/// C: NICK nick CRLF USER nick 0 * :piazza-bench CRLF
/// S: :server 001 nick :Welcome … CRLF            ; registered (PING answered meanwhile)
/// C: JOIN #room CRLF
/// S: … :server 366 nick #room :End of /NAMES list. CRLF   ; in the channel
/// C: PRIVMSG #room :text CRLF   ; others get ":nick!user@host PRIVMSG #room :text"
/// C: QUIT :bye CRLF             ; the server answers ERROR and closes
/// </code>
/// </summary>
internal sealed class IrcProtocol : ChatProtocol
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    public override string Name => "irc";

    public override async Task RegisterAsync(BenchConnection connection, string nick, string? room, CancellationToken cancel)
    {
        await connection.SendAsync(Bytes($"NICK {nick}\r\nUSER {nick} 0 * :piazza-bench\r\n"), cancel);
        await ExpectAsync(connection, line => IsCommand(line.Span, "001"u8), IsRegistrationRefusal, cancel, AnswerPing);
        if (room is null)
        {
            return;
        }

        await connection.SendAsync(Bytes($"JOIN #{room}\r\n"), cancel);
        await ExpectAsync(connection, line => IsCommand(line.Span, "366"u8), IsJoinRefusal, cancel, AnswerPing);
    }

    public override MessageFrame FrameFor(string room, int textBytes) => new(Bytes($"PRIVMSG #{room} :"), CrLf);

    public override void OnControlLine(BenchConnection connection, ReadOnlySpan<byte> line)
    {
        if (IsCommand(line, "PING"u8))
        {
            // Rare (every few minutes at most): a small allocation here is fine.
            _ = PongAsync(connection, line.ToArray());
        }
    }

    public override async Task QuitAsync(BenchConnection connection, CancellationToken cancel)
    {
        await connection.SendAsync("QUIT :bye\r\n"u8.ToArray(), cancel);
        await ReadToEndAsync(connection, cancel);
    }

    /// <summary>Whether the line's command (after any ":prefix ") is <paramref name="command"/>.</summary>
    internal static bool IsCommand(ReadOnlySpan<byte> line, ReadOnlySpan<byte> command)
    {
        if (line.StartsWith(":"u8))
        {
            var space = line.IndexOf((byte)' ');
            if (space < 0)
            {
                return false;
            }

            line = line[(space + 1)..];
        }

        return line.StartsWith(command) && (line.Length == command.Length || line[command.Length] == (byte)' ');
    }

    private static bool IsRegistrationRefusal(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        return IsCommand(span, "ERROR"u8) || IsCommand(span, "432"u8) || IsCommand(span, "433"u8) || IsCommand(span, "465"u8);
    }

    private static bool IsJoinRefusal(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        return IsCommand(span, "ERROR"u8) || IsCommand(span, "403"u8) || IsCommand(span, "405"u8)
            || IsCommand(span, "471"u8) || IsCommand(span, "473"u8) || IsCommand(span, "474"u8) || IsCommand(span, "475"u8);
    }

    private static void AnswerPing(BenchConnection connection, ReadOnlyMemory<byte> line)
    {
        if (IsCommand(line.Span, "PING"u8))
        {
            _ = PongAsync(connection, line.ToArray());
        }
    }

    /// <summary>PING x → PONG x (RFC 2812 §3.7.2).</summary>
    private static async Task PongAsync(BenchConnection connection, byte[] ping)
    {
        var at = ping.AsSpan().IndexOf("PING"u8);
        var reply = new byte[ping.Length - at + 2];
        "PONG"u8.CopyTo(reply);
        ping.AsSpan(at + 4).CopyTo(reply.AsSpan(4));
        CrLf.CopyTo(reply.AsSpan(reply.Length - 2));
        try
        {
            await connection.SendAsync(reply, CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is ending anyway.
        }
    }
}
