using System.Threading.Channels;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

using Piazza.Core.History;

namespace Piazza.Storage.Sqlite;

/// <summary>
/// Room history in a SQLite file: the default <see cref="IMessageStore"/>.
/// </summary>
/// <remarks>
/// <para>Who does what (the concurrency design):</para>
/// <list type="bullet">
/// <item><see cref="Append"/> (any thread, the chat's hot path) writes the message into an
/// unbounded channel (which holds its own lock only to link the item in) and bumps a counter:
/// no I/O, no waiting, and no allocation besides the channel's queue growing in segments.</item>
/// <item>One writer task (<c>SqliteMessageStore.Writer.cs</c>) drains the channel and commits
/// everything pending, up to <see cref="SqliteStoreOptions.MaxBatch"/>, in one transaction on its
/// own connection, at most once per <see cref="SqliteStoreOptions.CommitInterval"/> (group commit).</item>
/// <item>Queries open their own (pooled, read-only) connections: in WAL mode they read the last
/// committed state while the writer writes, and neither waits for the other.</item>
/// <item><see cref="PruneAsync"/> deletes in small transactions on the writer's connection,
/// taking turns with the writer through one gate, so there is one writer at a time and never a
/// busy wait.</item>
/// </list>
/// <para>Queries see what has been committed: a message becomes visible within about one commit
/// interval of its <see cref="Append"/>, and at once after a <see cref="FlushAsync"/>.</para>
/// </remarks>
public sealed partial class SqliteMessageStore : IMessageStore
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _commitInterval;
    private readonly int _maxBatch;
    private readonly int _maxPending;
    private readonly TimeSpan _maxRetryDelay;
    private readonly SqliteConnection _writeConnection;
    private readonly string _readConnectionString;
    private readonly RecentMessages _recent = new(capacity: 64, maxRooms: 4096);

    /// <summary>Appended messages (and renames: <see cref="QueuedWrite"/>) on their way to the writer.</summary>
    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    /// <summary>Messages accepted by <see cref="Append"/> (queued), ever.</summary>
    private long _enqueued;

    /// <summary>Messages the writer is done with (committed, or dropped), ever. The writer adds to it under <see cref="_flushGate"/>.</summary>
    private long _completed;

    /// <summary>Messages lost: queue full, or unwritten at close.</summary>
    private long _dropped;

    private Task _writerTask = Task.CompletedTask;
    private int _disposed;

    private SqliteMessageStore(string path, SqliteStoreOptions options, ILogger logger, TimeProvider time, SqliteConnection writeConnection)
    {
        _path = path;
        _logger = logger;
        _time = time;
        _commitInterval = options.CommitInterval;
        _maxBatch = options.MaxBatch;
        _maxPending = options.MaxPending;
        _maxRetryDelay = options.MaxRetryDelay;
        _writeConnection = writeConnection;
        _readConnectionString = ReadConnectionString(path);
        _insert = new InsertStatement(writeConnection);
    }

    /// <summary>The full path of the database file.</summary>
    public string Path => _path;

    /// <inheritdoc/>
    public StoreHealth Health
    {
        get
        {
            var problem = Volatile.Read(ref _writeProblem)
                ?? (Volatile.Read(ref _overflowing) ? $"history queue full ({_maxPending} messages waiting): new messages are dropped" : null);
            return new StoreHealth(problem is null, problem, Pending, Interlocked.Read(ref _dropped))
            {
                WriteLag = TimeSpan.FromTicks(Interlocked.Read(ref _lastWriteLagTicks)),
            };
        }
    }

    private long Pending => Math.Max(0, Volatile.Read(ref _enqueued) - Volatile.Read(ref _completed));

    /// <summary>
    /// Opens (or creates) the history database at <see cref="SqliteStoreOptions.Path"/>, checks that
    /// it is Piazza's, intact and not newer than this code, brings its schema up to date, and starts
    /// the writer.
    /// </summary>
    /// <exception cref="HistoryStoreException">
    /// The file is not a SQLite database, belongs to another application, is corrupt, has a newer
    /// schema, or cannot be opened. The file is left untouched.
    /// </exception>
    public static async Task<SqliteMessageStore> OpenAsync(SqliteStoreOptions options, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path, "options.Path");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CommitInterval, TimeSpan.Zero, "options.CommitInterval");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1, "options.MaxBatch");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPending, 1, "options.MaxPending");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRetryDelay, TimeSpan.Zero, "options.MaxRetryDelay");

        var path = System.IO.Path.GetFullPath(options.Path);
        var connection = await OpenDatabaseAsync(path, logger, cancellationToken);
        var store = new SqliteMessageStore(path, options, logger, time, connection);
        store._writerTask = Task.Run(store.RunWriterAsync, CancellationToken.None);
        return store;
    }

    /// <inheritdoc/>
    public void Append(StoredMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Volatile.Read(ref _enqueued) - Volatile.Read(ref _completed) >= _maxPending)
        {
            Interlocked.Increment(ref _dropped);
            if (!Volatile.Read(ref _overflowing))
            {
                Volatile.Write(ref _overflowing, true);
            }

            return;
        }

        var pending = Interlocked.Increment(ref _enqueued) - Volatile.Read(ref _completed);
        if (!_queue.Writer.TryWrite(message))
        {
            // The store is closing: nothing will write it. Counted as done so no flush waits for it.
            Interlocked.Increment(ref _dropped);
            Interlocked.Increment(ref _completed);
            return;
        }

        _recent.Add(message);

        if (pending >= _maxBatch)
        {
            // A full batch is waiting: the writer need not wait out the commit interval.
            Volatile.Read(ref _batchFull).TrySetResult();
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Commits at once whatever is pending, without waiting for the commit interval. While writing
    /// fails (see <see cref="Health"/>), it resolves after the next attempt, which it starts at once:
    /// the messages are then still queued for the retries, not stored.
    /// </remarks>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Volatile.Read(ref _enqueued);
        TaskCompletionSource done;
        lock (_flushGate)
        {
            if (Volatile.Read(ref _completed) >= target || _writerExited)
            {
                return Task.CompletedTask;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushWaiters.Add((target, done));
        }

        Volatile.Write(ref _flushRequested, true);
        Interlocked.MemoryBarrier(); // the flag before the signal: see PauseAsync
        Volatile.Read(ref _wake).TrySetResult();
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops taking messages, writes what is queued, and closes the file.</summary>
    /// <remarks>
    /// When writing fails at that point, one more attempt is made and the rest is dropped (and
    /// logged), so closing never hangs on a broken disk.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _stopping, true);
        Interlocked.MemoryBarrier(); // the flag before the signal: see PauseAsync
        _queue.Writer.TryComplete();
        Volatile.Read(ref _wake).TrySetResult();
        await _writerTask;

        // A prune in progress finishes its chunk first; the next one sees the store closed.
        await _writeGate.WaitAsync();
        try
        {
            _insert.Dispose();
            await _writeConnection.DisposeAsync();
            using var readers = new SqliteConnection(_readConnectionString);
            SqliteConnection.ClearPool(readers);
        }
        finally
        {
            _writeGate.Release();
        }

        var dropped = Interlocked.Read(ref _dropped);
        LogClosed(_logger, _path, dropped);
    }
}
