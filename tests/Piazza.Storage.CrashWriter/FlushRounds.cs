using System.Globalization;

using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.History;
using Piazza.Storage.Sqlite;

namespace Piazza.Storage.CrashWriter;

/// <summary>
/// Appends in rounds of 200 messages and flushes each. After each round's FlushAsync completes it
/// prints <c>flushed &lt;count&gt;</c>: the messages <c>&lt;run&gt;-0</c> .. <c>&lt;run&gt;-&lt;count - 1&gt;</c>
/// are committed and must survive a kill -9 from then on.
/// </summary>
internal static class FlushRounds
{
    private const int Round = 200;

    public static async Task RunAsync(string path, string run)
    {
        var text = new string('x', 200);
        var options = new SqliteStoreOptions { Path = path, CommitInterval = TimeSpan.FromMilliseconds(5) };
        var store = await SqliteMessageStore.OpenAsync(options, NullLogger.Instance, TimeProvider.System, CancellationToken.None);
        Console.WriteLine("ready");
        long count = 0;
        while (true)
        {
            for (var i = 0; i < Round; i++)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"{run}-{count++}");
                store.Append(new StoredMessage(id, DateTimeOffset.UtcNow, "crash", StoredKind.Message, "writer", "writer", "writer!w@localhost", text));
            }

            await store.FlushAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"flushed {count}"));
        }
    }
}
