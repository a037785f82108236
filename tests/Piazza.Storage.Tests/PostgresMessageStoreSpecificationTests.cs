using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.History;
using Piazza.Storage.Postgres;
using Piazza.Storage.Tests.Infrastructure;

namespace Piazza.Storage.Tests;

/// <summary>
/// The specification, run by the PostgreSQL store on a fresh database per test (on the PostgreSQL
/// the tests start). The commit interval is long so that only a flush (or a read catching up)
/// commits: a test cannot pass by timing.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PostgresMessageStoreSpecificationTests : MessageStoreSpecification
{
    private PostgresDatabase? _database;

    protected override async Task<IMessageStore> CreateStoreAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        var options = new PostgresStoreOptions { ConnectionString = _database.ConnectionString(), CommitInterval = TimeSpan.FromSeconds(30) };
        return await PostgresMessageStore.OpenAsync(options, NullLogger.Instance, TimeProvider.System, CancellationToken.None);
    }

    protected override async Task CleanUpAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
