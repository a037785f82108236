using System.Globalization;

using Piazza.Storage.CrashWriter;

// Usage:
//   dotnet Piazza.Storage.CrashWriter.dll <database file> <run id>
//   dotnet Piazza.Storage.CrashWriter.dll <database file> <run id> paced <commit interval ms> <messages per second>
//
// Appends to room "crash" without end, messages with ids "<run>-<n>", n from 0, and prints
// "ready" once the store is open. Never exits by itself: the test kills it with SIGKILL.
//   (no mode)  FlushRounds: rounds of 200 messages, each followed by FlushAsync and "flushed <count>".
//   paced      SteadyPace: a steady rate through the store's own group commit, no flushes,
//              with "appended <count> <ticks>" after each step.
static int Usage()
{
    Console.Error.WriteLine("usage: Piazza.Storage.CrashWriter <database file> <run id> [paced <commit interval ms> <messages per second>]");
    return 2;
}

static bool TryPositive(string text, out int value) =>
    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

switch (args)
{
    case [var path, var run]:
        await FlushRounds.RunAsync(path, run);
        return 0;
    case [var path, var run, "paced", var interval, var rate] when TryPositive(interval, out var intervalMs) && TryPositive(rate, out var perSecond):
        await SteadyPace.RunAsync(path, run, TimeSpan.FromMilliseconds(intervalMs), perSecond);
        return 0;
    default:
        return Usage();
}
