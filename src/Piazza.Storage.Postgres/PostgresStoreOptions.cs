namespace Piazza.Storage.Postgres;

/// <summary>Which PostgreSQL database the store uses, and how its one writer batches.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>An Npgsql connection string (<c>Host=db;Database=piazza;Username=piazza;Password=…</c>).</summary>
    /// <remarks>
    /// No default: the server takes it from <c>History:Postgres</c>. It may hold a password, so the
    /// store never logs it: logs and <c>Health</c> name the host and database only (<see cref="PostgresTarget"/>).
    /// </remarks>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The shortest time between two commits of the writer (group commit).</summary>
    /// <remarks>
    /// Default 100 ms, as SQLite's. A message waits at most about this long before it is sent to
    /// PostgreSQL; a crash of this process loses at most that. A full batch (<see cref="MaxBatch"/>)
    /// and <c>FlushAsync</c> commit at once.
    /// </remarks>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most messages one transaction stores (one multi-row INSERT). Default 5,000.</summary>
    public int MaxBatch { get; set; } = 5_000;

    /// <summary>The most messages queued and not yet written; <c>Append</c> beyond it drops the message and counts it.</summary>
    /// <remarks>
    /// Default 100,000: about 20 s of a busy server's chat while PostgreSQL is down or slow. Dropped
    /// messages show in <c>Health.Dropped</c>, and the store reports itself unhealthy until the
    /// queue is below half again.
    /// </remarks>
    public int MaxPending { get; set; } = 100_000;

    /// <summary>The longest wait between two attempts to write after a write failed (PostgreSQL down, refused).</summary>
    /// <remarks>Default 5 s. The first retry comes after 100 ms, each further one waits twice as long up to this.</remarks>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
