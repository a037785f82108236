using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.Bans;
using Piazza.Storage.Sqlite;
using Piazza.Storage.Tests.Infrastructure;

namespace Piazza.Storage.Tests;

/// <summary>The ban store specification on a SQLite history file, closed and reopened for the restart case.</summary>
public sealed class SqliteServerBanStoreSpecificationTests : ServerBanStoreSpecification
{
    private readonly TempDatabase _database = TempDatabase.Create();
    private SqliteMessageStore? _history;

    protected override async Task<IServerBanStore> CreateStoreAsync()
    {
        _history = await SqliteMessageStore.OpenAsync(new SqliteStoreOptions { Path = _database.Path }, NullLogger.Instance, TimeProvider.System, CancellationToken.None);
        return new SqliteServerBanStore(_history);
    }

    protected override async Task<IServerBanStore> ReopenAsync()
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

/// <summary>The ban store specification in memory; "reopening" keeps the same object, as a running server does.</summary>
public sealed class InMemoryServerBanStoreSpecificationTests : ServerBanStoreSpecification
{
    private readonly InMemoryServerBanStore _store = new();

    protected override Task<IServerBanStore> CreateStoreAsync() => Task.FromResult<IServerBanStore>(_store);

    protected override Task<IServerBanStore> ReopenAsync() => Task.FromResult<IServerBanStore>(_store);

    protected override Task CleanUpAsync() => Task.CompletedTask;
}
