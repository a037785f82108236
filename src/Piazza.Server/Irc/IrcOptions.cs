namespace Piazza.Server.Irc;

/// <summary>
/// IRC settings, bound from the configuration section <c>Irc</c>
/// (<c>--Irc:ServerName=chat.example.org</c>, <c>PIAZZA__Irc__Password=…</c>); checked at startup
/// by <see cref="IrcOptionsValidator"/>.
/// </summary>
public sealed class IrcOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Irc";

    /// <summary>The server's name in IRC replies. Default <c>piazza.local</c>.</summary>
    public string ServerName { get; set; } = "piazza.local";

    /// <summary>The network name (ISUPPORT NETWORK). Default <c>Piazza</c>.</summary>
    public string Network { get; set; } = "Piazza";

    /// <summary>What the server says it is, in LINKS (364) and INFO (371). Default <c>Piazza chat server</c>.</summary>
    public string ServerDescription { get; set; } = "Piazza chat server";

    /// <summary>A server password IRC clients must give with PASS; null or empty for none (the default). Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>The message of the day, one line per entry; empty for none.</summary>
    public List<string> Motd { get; set; } =
    [
        "Welcome to Piazza: the rooms here are shared with plain-text users (nc) and piazza, the terminal client.",
        "#lobby is everyone's first room. Be kind.",
    ];

    /// <summary>
    /// The most people one WHO by mask lists (such as <c>WHO *</c> on a big server; a channel WHO
    /// lists all its members); the rest are left out and the reply ends with 315 as usual. Also the most
    /// entries one WHOWAS lists per nick it asks about. Default 500.
    /// </summary>
    public int MaxWhoReplies { get; set; } = 500;

    /// <summary>How long a client has to complete registration, in seconds. Default 30.</summary>
    public int RegistrationTimeoutSeconds { get; set; } = 30;

    /// <summary>After this many idle seconds the server sends a PING. Default 90.</summary>
    public int PingIntervalSeconds { get; set; } = 90;

    /// <summary>A client that does not answer a PING within this many seconds is dropped. Default 60.</summary>
    public int PingTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// On the chat port, how long to wait for a first line before deciding the client is a
    /// plain one that says nothing first (it then gets its welcome). Default 500 ms.
    /// </summary>
    public int DetectTimeoutMilliseconds { get; set; } = 500;
}
