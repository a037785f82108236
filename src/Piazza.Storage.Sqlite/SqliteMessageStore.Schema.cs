using System.Globalization;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Piazza.Storage.Sqlite;

/// <summary>Opening the file: refusing what is not ours or not sound, then bringing the schema up to date.</summary>
public sealed partial class SqliteMessageStore
{
    // SQLite's primary result codes that opening can meet (https://www.sqlite.org/rescode.html).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    // How long a connection waits for a lock held by another connection before failing with
    // SQLITE_BUSY. In WAL mode readers never wait for the writer; this covers the rare cases
    // that still lock (checkpoint, recovery after a crash) and a second process on the file.
    private const int BusyTimeoutMs = 5_000;

    /// <summary>
    /// Every SQLite database file begins with these 16 bytes
    /// (https://www.sqlite.org/fileformat2.html#magic_header_string).
    /// </summary>
    private static ReadOnlySpan<byte> SqliteMagic => "SQLite format 3\0"u8;

    private static string WriteConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        // The writer's connection lives as long as the store, and closing the store must
        // really close the file (so it can be reopened, copied or deleted).
        Pooling = false,
        DefaultTimeout = BusyTimeoutMs / 1000,
    }.ToString();

    private static string ReadConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadOnly,
        // Opening a connection reads the schema; the pool keeps that cost off each query.
        // The store clears this pool when it closes.
        Pooling = true,
        DefaultTimeout = BusyTimeoutMs / 1000,
    }.ToString();

    /// <summary>
    /// Opens the writer's connection and makes the file ready: refuses a file that is not ours or
    /// not sound (before writing a byte to it), then sets WAL and migrates.
    /// </summary>
    private static async Task<SqliteConnection> OpenDatabaseAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        CheckMagic(path);
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(WriteConnectionString(path));
        try
        {
            await connection.OpenAsync(cancellationToken);
            var version = CheckOwnership(connection, path);
            CheckIntegrity(connection, path, version);
            SetPragmas(connection, path);
            Migrate(connection, path, version, logger);
            LogOpened(logger, path, Schema.CurrentVersion);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw new HistoryStoreException(path, DescribeOpenError(ex), ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>What a SQLite error at open means, in words an operator can act on.</summary>
    private static string DescribeOpenError(SqliteException ex) => ex.SqliteErrorCode switch
    {
        SqliteCorrupt or SqliteNotADatabase => $"the file is corrupt or not a SQLite database ({ex.Message}); it was left as it is",
        SqliteReadOnly => $"the file is read-only ({ex.Message})",
        SqliteBusy or SqliteLocked => $"the file is locked by another process ({ex.Message}); is another Piazza server using it?",
        SqliteCantOpen => $"the file cannot be opened ({ex.Message})",
        _ => $"SQLite error {ex.SqliteErrorCode} ({ex.Message})",
    };

    /// <summary>
    /// Refuses a file that is not empty and does not start like a SQLite database, without
    /// letting SQLite open it. An empty or missing file becomes a new database.
    /// </summary>
    private static void CheckMagic(string path)
    {
        if (Directory.Exists(path))
        {
            throw new HistoryStoreException(path, "this is a folder, not a database file", null);
        }

        if (!File.Exists(path))
        {
            return;
        }

        Span<byte> header = stackalloc byte[16];
        int read;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length == 0)
            {
                return;
            }

            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (IOException ex)
        {
            throw new HistoryStoreException(path, $"the file cannot be read ({ex.Message})", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new HistoryStoreException(path, $"the file cannot be read ({ex.Message})", ex);
        }

        if (read < header.Length || !header.SequenceEqual(SqliteMagic))
        {
            throw new HistoryStoreException(path, "the file is not a SQLite database; it was left as it is. Move it away or point the history store at another file", null);
        }
    }

    /// <summary>
    /// Returns the file's schema version, after making sure the file is Piazza's (its
    /// application_id) or a new, empty database, and not from a newer Piazza.
    /// </summary>
    private static int CheckOwnership(SqliteConnection connection, string path)
    {
        // The first read of the file: SQLITE_NOTADB / SQLITE_CORRUPT surface here.
        var applicationId = (int)Scalar(connection, "PRAGMA application_id");
        var version = (int)Scalar(connection, "PRAGMA user_version");
        var objects = Scalar(connection, "SELECT count(*) FROM sqlite_schema");
        if (applicationId != Schema.ApplicationId)
        {
            if (applicationId != 0)
            {
                throw new HistoryStoreException(path, string.Create(CultureInfo.InvariantCulture,
                    $"the file is another application's SQLite database (application_id 0x{applicationId:x8}, Piazza's is 0x{Schema.ApplicationId:x8}); it was left as it is"), null);
            }

            if (objects != 0 || version != 0)
            {
                throw new HistoryStoreException(path,
                    "the file is a SQLite database that is not Piazza's (it has tables but no Piazza application_id); it was left as it is", null);
            }
        }

        if (version > Schema.CurrentVersion)
        {
            throw new HistoryStoreException(path, string.Create(CultureInfo.InvariantCulture,
                $"the file has history schema version {version}, newer than this Piazza knows ({Schema.CurrentVersion}); run a newer Piazza, or use another file. It was left as it is"), null);
        }

        return version;
    }

    /// <summary>
    /// <c>PRAGMA quick_check</c>: reads every page and checks the b-trees (not that indexes match
    /// their tables, which is integrity_check's slower extra). One row "ok", or the problems.
    /// </summary>
    private static void CheckIntegrity(SqliteConnection connection, string path, int version)
    {
        if (version == 0)
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(5)";
        using var reader = command.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read())
        {
            problems.Add(reader.GetString(0));
        }

        if (problems is not ["ok"])
        {
            throw new HistoryStoreException(path,
                $"the file is corrupt (quick_check: {string.Join("; ", problems)}); it was left as it is. Restore a backup, or try the sqlite3 shell's .recover", null);
        }
    }

    /// <summary>The writer connection's settings. Journal mode is stored in the file; the rest are per connection.</summary>
    private static void SetPragmas(SqliteConnection connection, string path)
    {
        // WAL: readers read the last commit while the writer appends to the log, and a commit
        // is one sequential append. https://www.sqlite.org/wal.html
        var mode = (string?)ScalarObject(connection, "PRAGMA journal_mode = WAL");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new HistoryStoreException(path, $"SQLite cannot use write-ahead logging here (journal mode stays '{mode}'); is the file on a network filesystem?", null);
        }

        // synchronous = NORMAL: in WAL mode a commit is written to the log without an fsync;
        // the log is synced at each checkpoint. That is durable against a crash of the process
        // (kill -9: what was committed is in the OS's cache and reaches the file), and the
        // database cannot be corrupted even by a power loss; only a power loss or OS crash can
        // lose the last commits since the last checkpoint. FULL would fsync every commit.
        // https://www.sqlite.org/pragma.html#pragma_synchronous
        Execute(connection, "PRAGMA synchronous = NORMAL");
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {BusyTimeoutMs}"));

        // 32 MiB of page cache for the writer (the default is 2 MiB): inserts touch the table's
        // last page and three indexes, and keeping their hot pages cached saves reads.
        Execute(connection, "PRAGMA cache_size = -32768");
    }

    /// <summary>Runs each migration from <paramref name="version"/> up, one transaction each.</summary>
    private static void Migrate(SqliteConnection connection, string path, int version, ILogger logger)
    {
        for (var from = version; from < Schema.CurrentVersion; from++)
        {
            using var transaction = connection.BeginTransaction();

            // Read again inside the write lock: another process may have migrated meanwhile.
            var now = (int)Scalar(connection, "PRAGMA user_version", transaction);
            if (now != from)
            {
                transaction.Rollback();
                throw new HistoryStoreException(path, "the schema changed while opening; is another Piazza server using this file?", null);
            }

            Execute(connection, Schema.Migrations[from], transaction);

            // PRAGMA takes no parameters; both values are constants of this code.
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id = {Schema.ApplicationId}"), transaction);
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {from + 1}"), transaction);
            transaction.Commit();
            LogMigrated(logger, path, from, from + 1);
        }
    }

    private static long Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null) =>
        Convert.ToInt64(ScalarObject(connection, sql, transaction), CultureInfo.InvariantCulture);

    private static object? ScalarObject(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
