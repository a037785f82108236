using System.Text;

namespace Piazza.Protocol.Line;

/// <summary>
/// Writes the lines a plain-protocol client receives. Each call returns the complete encoded
/// line (UTF-8, ending in LF), ready to be sent as is to any number of clients.
/// </summary>
/// <remarks>
/// Grammar (docs/protocol-plain.md); the first character says what a line is:
/// <code>
///   chat    = "[" sender [ "@" room ] "] " text LF        ; "@room" unless the room is the default
///   action  = "[" sender [ "@" room ] "] * " text LF
///   private = "[" sender " (private)] " text LF
///   notice  = "* " text LF                                 ; from the server: events, replies
///   error   = "! " text LF                                 ; from the server: what went wrong
/// </code>
/// A sender is a nickname or the seed's "ip:port"; neither can hold a space or "@", so the
/// bracket cannot be forged by what a user types.
/// </remarks>
public static class LineWriter
{
    private const string PrivateMarker = " (private)";

    /// <summary>A room message; <paramref name="room"/> is null for the default room.</summary>
    public static byte[] Chat(string sender, string? room, string text) =>
        Encode("[", sender, room is null ? null : "@", room, "] ", text);

    /// <summary>A <c>/me</c> action; <paramref name="room"/> is null for the default room.</summary>
    public static byte[] Action(string sender, string? room, string text) =>
        Encode("[", sender, room is null ? null : "@", room, "] * ", text);

    /// <summary>A private message to the one receiver.</summary>
    public static byte[] Private(string sender, string text) =>
        Encode("[", sender, PrivateMarker, "] ", text, null);

    /// <summary>A server notice: an event in a room or a reply to a command.</summary>
    public static byte[] Notice(string text) => Encode("* ", text, null, null, null, null);

    /// <summary>An error reply.</summary>
    public static byte[] Error(string text) => Encode("! ", text, null, null, null, null);

    private static byte[] Encode(string? a, string? b, string? c, string? d, string? e, string? f)
    {
        var length = Count(a) + Count(b) + Count(c) + Count(d) + Count(e) + Count(f) + 1;
        var bytes = new byte[length];
        var at = 0;
        at += Put(a, bytes.AsSpan(at));
        at += Put(b, bytes.AsSpan(at));
        at += Put(c, bytes.AsSpan(at));
        at += Put(d, bytes.AsSpan(at));
        at += Put(e, bytes.AsSpan(at));
        at += Put(f, bytes.AsSpan(at));
        bytes[at] = (byte)'\n';
        return bytes;
    }

    private static int Count(string? s) => s is null ? 0 : Encoding.UTF8.GetByteCount(s);

    private static int Put(string? s, Span<byte> destination) =>
        s is null ? 0 : Encoding.UTF8.GetBytes(s, destination);
}
