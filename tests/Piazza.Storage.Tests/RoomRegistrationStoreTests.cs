using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.Registrations;
using Piazza.Storage.Sqlite;
using Piazza.Storage.Tests.Infrastructure;

namespace Piazza.Storage.Tests;

/// <summary>The registered room store specification on a SQLite history file, closed and reopened for the restart case.</summary>
public sealed class SqliteRoomRegistrationStoreSpecificationTests : RoomRegistrationStoreSpecification
{
    private readonly TempDatabase _database = TempDatabase.Create();
    private SqliteMessageStore? _history;

    protected override async Task<IRoomRegistrationStore> CreateStoreAsync()
    {
        _history = await SqliteMessageStore.OpenAsync(new SqliteStoreOptions { Path = _database.Path }, NullLogger.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TestTimeouts.Operation);
        return new SqliteRoomRegistrationStore(_history);
    }

    protected override async Task<IRoomRegistrationStore> ReopenAsync()
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

/// <summary>The registered room store specification in memory; "reopening" keeps the same object, as a running server does.</summary>
public sealed class InMemoryRoomRegistrationStoreSpecificationTests : RoomRegistrationStoreSpecification
{
    private readonly InMemoryRoomRegistrationStore _store = new();

    protected override Task<IRoomRegistrationStore> CreateStoreAsync() => Task.FromResult<IRoomRegistrationStore>(_store);

    protected override Task<IRoomRegistrationStore> ReopenAsync() => Task.FromResult<IRoomRegistrationStore>(_store);

    protected override Task CleanUpAsync() => Task.CompletedTask;
}
