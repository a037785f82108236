using System.Net.Sockets;
using System.Reflection;

namespace Piazza.Server.Transport;

/// <summary>
/// Asks .NET's socket engine to run a chat socket's completions on its event thread rather than
/// handing each one to the thread pool (<c>Socket.PreferInlineCompletions</c>, internal in .NET 10
/// and kept for reflection by the runtime itself).
/// </summary>
internal static class InlineCompletions
{
    private static readonly Action<Socket, bool>? Setter = FindSetter();

    /// <summary>Whether this runtime has the switch.</summary>
    public static bool Available => Setter is not null;

    public static void Prefer(Socket socket) => Setter?.Invoke(socket, true);

    private static Action<Socket, bool>? FindSetter()
    {
        if (Environment.GetEnvironmentVariable("PIAZZA_INLINE_IO") == "0")
        {
            return null;
        }

        var property = typeof(Socket).GetProperty("PreferInlineCompletions", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        return property?.SetMethod is { } set ? set.CreateDelegate<Action<Socket, bool>>() : null;
    }
}
