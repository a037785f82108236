using System.Net;

using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Piazza.Server.Hosting;

/// <summary>The endpoints the server actually bound (port 0 resolved), once it has started.</summary>
public sealed class ChatEndpoints
{
    internal ListenOptions? ChatListener { get; set; }

    internal ListenOptions? IrcListener { get; set; }

    internal ListenOptions? HttpListener { get; set; }

    internal ListenOptions? TlsListener { get; set; }

    /// <summary>The IRC port's bound endpoint, or null when it is off.</summary>
    public IPEndPoint? Irc => IrcListener?.IPEndPoint;

    /// <summary>The IRC-over-TLS port's bound endpoint, or null when it is off (no certificate, or <c>Listen:Tls=off</c>).</summary>
    public IPEndPoint? Tls => TlsListener?.IPEndPoint;

    /// <summary>The HTTP port's bound endpoint, or null when it is off.</summary>
    public IPEndPoint? Http => HttpListener?.IPEndPoint;

    /// <summary>The chat port's bound endpoint.</summary>
    public IPEndPoint Chat => ChatListener?.IPEndPoint
        ?? throw new InvalidOperationException("The chat listener is not configured.");
}
