using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.History;
using Piazza.Storage.Postgres;
using Piazza.Storage.Tests.Infrastructure;

namespace Piazza.Storage.Tests;

/// <summary>The recent tails' specification, run by the PostgreSQL store on a fresh database.</summary>
[Trait("Category", "Slow")]
public sealed class PostgresRecentMessagesTests : RecentMessagesSpecification, IAsyncLifetime
{
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected override async Task<IMessageStore> OpenAsync(TimeSpan commitInterval) =>
        await PostgresMessageStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = _database.ConnectionString(), CommitInterval = commitInterval, MaxBatch = 10_000 },
            NullLogger.Instance,
            TimeProvider.System,
            CancellationToken.None).WaitAsync(TestTimeouts.Operation);
}
