using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.History;
using Piazza.Storage.Sqlite;
using Piazza.Storage.Tests.Infrastructure;

namespace Piazza.Storage.Tests;

/// <summary>
/// The specification, run by the SQLite store on a fresh temp file per test. The commit interval
/// is long so that only a flush (or a read catching up) commits: a test cannot pass by timing.
/// </summary>
public sealed class SqliteMessageStoreSpecificationTests : MessageStoreSpecification
{
    private readonly TempDatabase _database = TempDatabase.Create();

    protected override async Task<IMessageStore> CreateStoreAsync() =>
        await SqliteMessageStore.OpenAsync(new SqliteStoreOptions { Path = _database.Path, CommitInterval = TimeSpan.FromSeconds(30) }, NullLogger.Instance, TimeProvider.System, CancellationToken.None);

    protected override Task CleanUpAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}
