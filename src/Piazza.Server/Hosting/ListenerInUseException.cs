using System.Net;

namespace Piazza.Server.Hosting;

/// <summary>A listener's address is taken by another program: the operator picks another (exit code 1).</summary>
public sealed class ListenerInUseException : IOException
{
    public ListenerInUseException()
    {
    }

    public ListenerInUseException(string message)
        : base(message)
    {
    }

    public ListenerInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Names the setting (<c>Listen:Chat</c>) and the endpoint that is taken.</summary>
    public ListenerInUseException(string setting, EndPoint endPoint, Exception innerException)
        : base(
            $"{setting} {endPoint} is already in use: another program (or another Piazza) listens there. "
            + $"Choose another with --{setting}=ADDRESS:PORT (Listen:Irc=off, Listen:Tls=off and Listen:Http=off turn those off).",
            innerException)
    {
    }
}
