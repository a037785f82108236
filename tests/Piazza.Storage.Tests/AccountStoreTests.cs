using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.Accounts;
using Piazza.Storage.Sqlite;
using Piazza.Storage.Tests.Infrastructure;

namespace Piazza.Storage.Tests;

/// <summary>The account store specification on a SQLite history file, closed and reopened for the restart case.</summary>
public sealed class SqliteAccountStoreSpecificationTests : AccountStoreSpecification
{
    private readonly TempDatabase _database = TempDatabase.Create();
    private SqliteMessageStore? _history;

    protected override async Task<IAccountStore> CreateStoreAsync()
    {
        _history = await SqliteMessageStore.OpenAsync(new SqliteStoreOptions { Path = _database.Path }, NullLogger.Instance, TimeProvider.System, CancellationToken.None);
        return new SqliteAccountStore(_history);
    }

    protected override async Task<IAccountStore> ReopenAsync()
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

/// <summary>The account store specification in memory; "reopening" keeps the same object, as a running server does.</summary>
public sealed class InMemoryAccountStoreSpecificationTests : AccountStoreSpecification
{
    private readonly InMemoryAccountStore _store = new();

    protected override Task<IAccountStore> CreateStoreAsync() => Task.FromResult<IAccountStore>(_store);

    protected override Task<IAccountStore> ReopenAsync() => Task.FromResult<IAccountStore>(_store);

    protected override Task CleanUpAsync() => Task.CompletedTask;
}
