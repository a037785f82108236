using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Storage.Postgres;

namespace Piazza.Storage.Tests.Infrastructure;

/// <summary>
/// For the specifications of the stores kept beside the messages: a fresh database per test, the
/// history store open on it (which makes the schema), closed and opened again for the restart case.
/// </summary>
internal sealed class PostgresHistory
{
    private PostgresDatabase? _database;

    /// <summary>The open history store.</summary>
    public PostgresMessageStore Store { get; private set; } = null!;

    /// <summary>Opens the store, on a new database the first time.</summary>
    public async Task<PostgresMessageStore> OpenAsync()
    {
        _database ??= await PostgresDatabase.CreateAsync();
        var options = new PostgresStoreOptions { ConnectionString = _database.ConnectionString() };
        Store = await PostgresMessageStore.OpenAsync(options, NullLogger.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TestTimeouts.Operation);
        return Store;
    }

    /// <summary>Closes the store and opens it again on the same database (a restart).</summary>
    public async Task<PostgresMessageStore> ReopenAsync()
    {
        await Store.DisposeAsync();
        return await OpenAsync();
    }

    /// <summary>Closes the store and drops the database.</summary>
    public async Task CloseAsync()
    {
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
