using System.Diagnostics;
using System.Globalization;

using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core.History;
using Piazza.Storage.Sqlite;

namespace Piazza.Storage.CrashWriter;

/// <summary>
/// Appends at a steady rate, as a busy server does, and never flushes: only the store's own group
/// commit (every <c>commitInterval</c>) makes messages durable. The crash test kills it and measures
/// how much was lost.
/// </summary>
/// <remarks>
/// About every millisecond it appends what the rate says is due (a step: a couple of messages at
/// 2,000/s, more after a stall), all carrying the step's time as their <see cref="StoredMessage.Time"/>,
/// then prints <c>appended &lt;count&gt; &lt;ticks&gt;</c>: messages 0 .. count - 1 have been appended, those
/// of this step at <c>ticks</c> (<see cref="DateTimeOffset.UtcTicks"/>). So the test knows when each
/// message was appended even when it never reached the file.
/// </remarks>
internal static class SteadyPace
{
    public static async Task RunAsync(string path, string run, TimeSpan commitInterval, int perSecond)
    {
        var text = new string('x', 200);
        var options = new SqliteStoreOptions { Path = path, CommitInterval = commitInterval };
        var store = await SqliteMessageStore.OpenAsync(options, NullLogger.Instance, TimeProvider.System, CancellationToken.None);
        Console.WriteLine("ready");
        var clock = Stopwatch.StartNew();
        long count = 0;
        while (true)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * perSecond);
            if (due > count)
            {
                var now = DateTimeOffset.UtcNow;
                while (count < due)
                {
                    var id = string.Create(CultureInfo.InvariantCulture, $"{run}-{count++}");
                    store.Append(new StoredMessage(id, now, "crash", StoredKind.Message, "writer", "writer", "writer!w@localhost", text));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"appended {count} {now.UtcTicks}"));
            }

            Thread.Sleep(1);
        }
    }
}
