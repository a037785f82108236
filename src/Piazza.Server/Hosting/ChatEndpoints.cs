using System.Net;

using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Piazza.Server.Hosting;

/// <summary>The endpoints the server actually bound (port 0 resolved), once it has started.</summary>
public sealed class ChatEndpoints
{
    internal ListenOptions? ChatListener { get; set; }

    internal ListenOptions? IrcListener { get; set; }

    internal ListenOptions? HttpListener { get; set; }

    /// <summary>The IRC port's bound endpoint, or null when it is off.</summary>
    public IPEndPoint? Irc => IrcListener?.IPEndPoint;

    /// <summary>The HTTP port's bound endpoint, or null when it is off.</summary>
    public IPEndPoint? Http => HttpListener?.IPEndPoint;

    /// <summary>The chat port's bound endpoint.</summary>
    public IPEndPoint Chat => ChatListener?.IPEndPoint
        ?? throw new InvalidOperationException("The chat listener is not configured.");
}
