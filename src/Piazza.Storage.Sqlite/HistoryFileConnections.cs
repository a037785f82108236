using Microsoft.Data.Sqlite;

namespace Piazza.Storage.Sqlite;

/// <summary>
/// Short connections to the history file for the stores kept beside the messages (server bans,
/// accounts, read markers): one opened per call, unpooled, waiting up to 5 s for the writer's lock.
/// Made from an open <see cref="SqliteMessageStore"/>, which has checked the file and brought its
/// schema up to date.
/// </summary>
internal sealed class HistoryFileConnections
{
    private readonly string _connectionString;

    public HistoryFileConnections(SqliteMessageStore history)
    {
        ArgumentNullException.ThrowIfNull(history);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = history.Path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 5,
        }.ToString();
    }

    /// <summary>An open connection; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite's async methods run synchronously, and a write may wait up to 5 s
        // for the writer's lock: leave the caller's thread first, which may be the socket
        // engine's, shared by every chat connection (docs/ARCHITECTURE.md, "One connection's life").
        await Task.Yield();
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
