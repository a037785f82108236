using System.Threading.Channels;

using Microsoft.Extensions.Logging;

using Npgsql;

using Piazza.Core;
using Piazza.Core.History;

namespace Piazza.Storage.Postgres;

/// <summary>
/// Room history in a PostgreSQL database (History:Store=postgresql), in Piazza's own schema
/// (<see cref="PostgresSchema"/>): the same contract and the same writer design as the SQLite store.
/// </summary>
/// <remarks>
/// <para>Who does what (the concurrency design):</para>
/// <list type="bullet">
/// <item><see cref="Append"/> and <see cref="Rename"/> (any thread, the chat's hot path) write into
/// an unbounded channel and bump a counter: no I/O and no waiting, whatever PostgreSQL is doing.</item>
/// <item>One writer task (<c>PostgresMessageStore.Writer.cs</c>) drains the channel and sends
/// everything pending, up to <see cref="PostgresStoreOptions.MaxBatch"/>, in one transaction (one
/// multi-row INSERT per run of messages), at most once per <see cref="PostgresStoreOptions.CommitInterval"/>
/// (group commit), on a connection it takes from the pool per batch. When PostgreSQL is down, the
/// batch is kept and retried with backoff, the store reports itself unhealthy (logged once per
/// outage), and the queue holds up to MaxPending messages, beyond which Append drops and counts.</item>
/// <item>Queries, redactions and prunes take their own pooled connections: PostgreSQL's MVCC lets
/// them run beside the writer. A query first waits for what was appended before it to be written
/// (a flush), so it sees every message appended before the call; LATEST with a small limit (the
/// replay on join) is answered from the room's recent tail once it has one (<see cref="RecentMessages"/>),
/// without a query or a flush.</item>
/// </list>
/// </remarks>
public sealed partial class PostgresMessageStore : IMessageStore
{
    private readonly NpgsqlDataSource _database;
    private readonly string _target;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _commitInterval;
    private readonly int _maxBatch;
    private readonly int _maxPending;
    private readonly TimeSpan _maxRetryDelay;
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

    private PostgresMessageStore(NpgsqlDataSource database, string target, PostgresStoreOptions options, ILogger logger, TimeProvider time)
    {
        _database = database;
        _target = target;
        _logger = logger;
        _time = time;
        _commitInterval = options.CommitInterval;
        _maxBatch = options.MaxBatch;
        _maxPending = options.MaxPending;
        _maxRetryDelay = options.MaxRetryDelay;
    }

    /// <summary>The database, as logs name it: <c>postgresql://host:port/database</c> (no password).</summary>
    public string Target => _target;

    /// <summary>The pool of connections to the database, for the stores kept beside the messages (accounts, registered rooms).</summary>
    internal NpgsqlDataSource Database => _database;

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
    /// Connects to the database of <see cref="PostgresStoreOptions.ConnectionString"/>, creates or
    /// updates Piazza's schema in it, and starts the writer.
    /// </summary>
    /// <exception cref="PostgresStoreException">
    /// The database cannot be reached or refuses the login, or holds a schema from a newer Piazza.
    /// </exception>
    public static async Task<PostgresMessageStore> OpenAsync(PostgresStoreOptions options, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, "options.ConnectionString");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CommitInterval, TimeSpan.Zero, "options.CommitInterval");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1, "options.MaxBatch");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPending, 1, "options.MaxPending");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRetryDelay, TimeSpan.Zero, "options.MaxRetryDelay");

        var target = PostgresTarget.Describe(options.ConnectionString);
        var database = NpgsqlDataSource.Create(options.ConnectionString);
        try
        {
            await MigrateAsync(database, target, logger, cancellationToken);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        var store = new PostgresMessageStore(database, target, options, logger, time);
        store._writerTask = Task.Run(store.RunWriterAsync, CancellationToken.None);
        return store;
    }

    /// <inheritdoc/>
    public void AppendedElsewhere(StoredMessage message) => _recent.Add(message);

    /// <inheritdoc/>
    public void MayHaveMissed(string room) => _recent.Forget(room);

    /// <inheritdoc/>
    public void Append(StoredMessage message) => TryAppend(message);

    /// <inheritdoc/>
    public bool TryAppend(StoredMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Volatile.Read(ref _enqueued) - Volatile.Read(ref _completed) >= _maxPending)
        {
            Interlocked.Increment(ref _dropped);
            if (!Volatile.Read(ref _overflowing))
            {
                Volatile.Write(ref _overflowing, true);
            }

            return false;
        }

        var pending = Interlocked.Increment(ref _enqueued) - Volatile.Read(ref _completed);
        if (!_queue.Writer.TryWrite(message))
        {
            // The store is closing: nothing will write it. Counted as done so no flush waits for it.
            Interlocked.Increment(ref _dropped);
            Interlocked.Increment(ref _completed);
            return false;
        }

        _recent.Add(message);

        if (pending >= _maxBatch)
        {
            // A full batch is waiting: the writer need not wait out the commit interval.
            Volatile.Read(ref _batchFull).TrySetResult();
        }

        return true;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Queued on the writer's queue like a message, never dropped for a full queue (a lost move
    /// would leave a room's history behind under a name it no longer has), and done in the
    /// transaction of its batch, after the messages queued before it. The two rooms' recent tails
    /// are dropped now and again once the move is committed.
    /// </remarks>
    public void Rename(string room, string newName)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(newName);
        var move = new RoomMove(RoomName.Strip(room), RoomName.Strip(newName));
        Interlocked.Increment(ref _enqueued);
        if (!_queue.Writer.TryWrite(new QueuedWrite(null, move)))
        {
            Interlocked.Increment(ref _dropped);
            Interlocked.Increment(ref _completed);
            return;
        }

        ForgetTails(move);
    }

    /// <summary>
    /// Drops the recent tails of both rooms of a move: when it is queued, and again once it is
    /// committed (a read that began before it may have made a tail without the moved messages).
    /// </summary>
    private void ForgetTails(RoomMove move)
    {
        _recent.Forget(move.From);
        _recent.Forget(move.To);
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

    /// <inheritdoc/>
    /// <remarks>
    /// Exact: true only when the writer's count of done messages reached the count appended before
    /// the call while writing worked, and the store is not closing (closing may count messages it
    /// dropped as done).
    /// </remarks>
    public async Task<bool> CommitAsync(CancellationToken cancellationToken = default)
    {
        var target = Volatile.Read(ref _enqueued);
        await FlushAsync(cancellationToken);
        return Volatile.Read(ref _completed) >= target && Volatile.Read(ref _writeProblem) is null && !Volatile.Read(ref _stopping);
    }

    /// <summary>Stops taking messages, writes what is queued (one more attempt when writing fails), and closes the pool.</summary>
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
        await _database.DisposeAsync();
        var dropped = Interlocked.Read(ref _dropped);
        LogClosed(_logger, _target, dropped);
    }
}
