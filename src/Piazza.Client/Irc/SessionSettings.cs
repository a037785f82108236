namespace Piazza.Client.Irc;

/// <summary>Where and as whom the client connects.</summary>
internal sealed record SessionSettings
{
    /// <summary>The server of this connection (the first of <see cref="Servers"/>, until <see cref="ChatConnection"/> moves on).</summary>
    public required string Host { get; init; }

    public required int Port { get; init; }

    /// <summary>
    /// The servers to use, in order (a cluster's nodes, <c>--server</c>): the first that answers,
    /// and after a drop the next one, round robin. Empty: <see cref="Host"/> and <see cref="Port"/> only.
    /// </summary>
    public IReadOnlyList<ServerAddress> Servers { get; init; } = [];

    /// <summary>Where this connection goes, as host:port.</summary>
    public ServerAddress Address => new(Host, Port);

    /// <summary>The nickname asked for first; on a clash the session tries the next free one.</summary>
    public required string Nick { get; init; }

    /// <summary>The user name sent in USER (the login name).</summary>
    public string UserName { get; init; } = "piazza";

    public string RealName { get; init; } = "Piazza user";

    /// <summary>
    /// The password, or null: sent as the server password (PASS), and, when the server offers
    /// SASL PLAIN, used to log in to <see cref="Account"/> while registering.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>The account SASL logs in to with <see cref="Password"/>; null: the nick asked for.</summary>
    public string? Account { get; init; }

    public bool Tls { get; init; }

    /// <summary>Accept any TLS certificate (a self-signed test certificate).</summary>
    public bool Insecure { get; init; }

    /// <summary>How long connecting (and the TLS handshake) may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long registration may take once connected.</summary>
    public TimeSpan RegistrationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the first reconnect attempt; it doubles after each failure, up to 30 s.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After this long without a line from the server the client sends PING; after twice this long it gives up.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
