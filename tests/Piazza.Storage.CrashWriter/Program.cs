using System.Globalization;

using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.History;
using Piazza.Storage.Sqlite;

// Usage: dotnet Piazza.Storage.CrashWriter.dll <database file> <run id>
//
// Appends to room "crash" without end, in rounds of 200 messages with ids "<run>-<n>", n from 0.
// After each round's FlushAsync completes it prints "flushed <count>": the messages
// "<run>-0" .. "<run>-<count - 1>" are committed and must survive a kill -9 from then on.
// Prints "ready" once the store is open. Never exits by itself: the test kills it.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Piazza.Storage.CrashWriter <database file> <run id>");
    return 2;
}

const int Round = 200;
var run = args[1];
var text = new string('x', 200);
var options = new SqliteStoreOptions { Path = args[0], CommitInterval = TimeSpan.FromMilliseconds(5) };
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
