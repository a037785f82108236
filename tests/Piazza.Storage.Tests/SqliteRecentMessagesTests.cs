using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.History;
using Piazza.Storage.Sqlite;
using Piazza.Storage.Tests.Infrastructure;

namespace Piazza.Storage.Tests;

/// <summary>The recent tails' specification, run by the SQLite store on a temp file.</summary>
public sealed class SqliteRecentMessagesTests : RecentMessagesSpecification, IDisposable
{
    private readonly TempDatabase _database = TempDatabase.Create();

    public void Dispose() => _database.Dispose();

    protected override async Task<IMessageStore> OpenAsync(TimeSpan commitInterval) =>
        await SqliteMessageStore.OpenAsync(
            new SqliteStoreOptions { Path = _database.Path, CommitInterval = commitInterval, MaxBatch = 10_000 },
            NullLogger.Instance,
            TimeProvider.System,
            CancellationToken.None).WaitAsync(TestTimeouts.Operation);
}
