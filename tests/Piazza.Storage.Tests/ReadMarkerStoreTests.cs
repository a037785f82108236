using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.ReadMarkers;
using Piazza.Storage.Sqlite;
using Piazza.Storage.Tests.Infrastructure;

namespace Piazza.Storage.Tests;

/// <summary>The read marker store specification on a SQLite history file, closed and reopened for the restart case.</summary>
public sealed class SqliteReadMarkerStoreSpecificationTests : ReadMarkerStoreSpecification
{
    private readonly TempDatabase _database = TempDatabase.Create();
    private SqliteMessageStore? _history;

    protected override async Task<IReadMarkerStore> CreateStoreAsync()
    {
        _history = await SqliteMessageStore.OpenAsync(new SqliteStoreOptions { Path = _database.Path }, NullLogger.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TestTimeouts.Operation);
        return new SqliteReadMarkerStore(_history);
    }

    protected override async Task<IReadMarkerStore> ReopenAsync()
    {
        await _history!.DisposeAsync();
        return await CreateStoreAsync();
    }

    protected override async Task CleanUpAsync()
    {
        if (_history is not null)
        {
            await _history.DisposeAsync();
        }

        _database.Dispose();
    }
}

/// <summary>The read marker store specification in memory; "reopening" keeps the same object, as a running server does.</summary>
public sealed class InMemoryReadMarkerStoreSpecificationTests : ReadMarkerStoreSpecification
{
    private readonly InMemoryReadMarkerStore _store = new();

    protected override Task<IReadMarkerStore> CreateStoreAsync() => Task.FromResult<IReadMarkerStore>(_store);

    protected override Task<IReadMarkerStore> ReopenAsync() => Task.FromResult<IReadMarkerStore>(_store);

    protected override Task CleanUpAsync() => Task.CompletedTask;
}
