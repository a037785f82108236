namespace Piazza.Storage.Sqlite;

/// <summary>Where the SQLite history store keeps its file, and how its one writer batches.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file. It and its folder are created when missing.</summary>
    /// <remarks>
    /// No default here: the server decides where its data folder is. A file that exists and is
    /// not a Piazza history database is never written to (<see cref="HistoryStoreException"/>).
    /// </remarks>
    public string Path { get; set; } = string.Empty;

    /// <summary>The shortest time between two commits of the writer (group commit).</summary>
    /// <remarks>
    /// Default 100 ms. A message waits at most about this long before it is committed, so a
    /// crash of the process (kill -9) loses at most the last interval's messages, plus those of a
    /// commit under way and the writer's lateness on a busy machine (a few ms; up to 20 ms seen):
    /// SqliteCrashTests measures it, the newest 0-119 ms lost at 100 ms and 89-493 ms at 500 ms,
    /// with the process killed at 2,000 messages/s. Shorter costs more, smaller transactions;
    /// longer makes bigger batches and a bigger crash window. A full batch (<see cref="MaxBatch"/>)
    /// and <c>FlushAsync</c> commit at once, without waiting.
    /// </remarks>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most messages one transaction stores.</summary>
    /// <remarks>
    /// Default 5,000: at the default interval that alone allows 50,000 messages/s, and a full
    /// batch commits without waiting for the interval, so a burst is not capped by it. Bigger
    /// batches hold the write lock longer (readers are not blocked by it in WAL mode).
    /// </remarks>
    public int MaxBatch { get; set; } = 5_000;

    /// <summary>The most messages queued and not yet written; <c>Append</c> beyond it drops the message and counts it.</summary>
    /// <remarks>
    /// Default 100,000: about 20 s of a busy server's chat while the disk is failing or slow,
    /// a few tens of MB of memory at most. Dropped messages show in <c>Health.Dropped</c>, and the
    /// store reports itself unhealthy until the queue is below half again.
    /// </remarks>
    public int MaxPending { get; set; } = 100_000;

    /// <summary>The longest wait between two attempts to write after a write failed (disk full, read-only file).</summary>
    /// <remarks>
    /// Default 5 s. The first retry comes after 100 ms, and each further one waits twice as long
    /// up to this. <c>FlushAsync</c> and closing the store retry at once.
    /// </remarks>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
