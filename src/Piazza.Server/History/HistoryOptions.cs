namespace Piazza.Server.History;

/// <summary>
/// Room history, bound from the configuration section <c>History</c>
/// (<c>--History:ReplayOnJoin=50</c>, <c>PIAZZA__History__Path=/srv/chat/history.db</c>); checked at
/// startup by <see cref="HistoryOptionsValidator"/>.
/// </summary>
/// <remarks>
/// The server's, not Core's: which store, its file and how it commits are the composition
/// root's choice (<see cref="HistoryStoreFactory"/>), and Core only sees an <c>IMessageStore</c>.
/// </remarks>
public sealed class HistoryOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "History";

    /// <summary>
    /// Where history lives: <c>sqlite</c> (the default: a file, <see cref="Path"/>), <c>postgresql</c>
    /// (a PostgreSQL database, <see cref="Postgres"/>), <c>memory</c> (lost on restart), or <c>off</c>.
    /// Accounts, registered rooms, read markers and server bans are kept where history is.
    /// </summary>
    public string Store { get; set; } = "sqlite";

    /// <summary>
    /// The SQLite file. Default <c>piazza.db</c>; a relative path is taken from the data folder
    /// (<c>Data:Path</c>), an absolute one is used as it is.
    /// </summary>
    public string Path { get; set; } = "piazza.db";

    /// <summary>
    /// With <c>Store=postgresql</c>: the database, as an Npgsql connection string
    /// (<c>Host=db.example;Database=piazza;Username=piazza;Password=…</c>). No default. It may hold a
    /// password: the server never logs it, only its host and database. Piazza makes its tables in
    /// the schema <c>piazza</c> of that database on first start.
    /// </summary>
    public string Postgres { get; set; } = string.Empty;

    /// <summary>How many earlier messages a client is shown when it joins a room. Default 20; 0 turns it off; at most 10,000.</summary>
    public int ReplayOnJoin { get; set; } = 20;

    /// <summary>The most messages one history request returns (<c>/history N</c>, CHATHISTORY). Default 200; 1 to 10,000.</summary>
    public int MaxQuery { get; set; } = 200;

    /// <summary>How often the writer commits, in milliseconds: about the most that is lost if the process is killed (this, plus a commit under way: a few ms). Default 100; 1 to 60,000.</summary>
    public int CommitIntervalMilliseconds { get; set; } = 100;

    /// <summary>Messages older than this many days are deleted; 0 keeps them forever (the default); at most 36,500 (a century).</summary>
    public int RetentionDays { get; set; }

    /// <summary>Only this many newest messages per room are kept; 0 keeps all (the default).</summary>
    public int MaxMessagesPerRoom { get; set; }
}
