using System.Globalization;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Storage.Sqlite;
using Piazza.Storage.Tests.Infrastructure;

namespace Piazza.Storage.Tests;

/// <summary>
/// The crash window, measured: "a kill -9 under load loses at most the messages of the last
/// commit interval". A writer appends at a steady rate with no flushes, so only the group commit
/// makes its messages durable; it is killed, and the file shows which messages were lost.
/// </summary>
public sealed partial class SqliteCrashTests
{
    /// <summary>Messages per second the paced writer appends: a busy server's history.</summary>
    private const int PacedRate = 2_000;

    /// <summary>Kills per commit interval, on one file (each run reopens what the last one left).</summary>
    private const int PacedKills = 4;

    /// <summary>How long the paced writer runs before the first commit intervals counted: start-up, JIT.</summary>
    private static readonly TimeSpan Warmup = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How much longer than the commit interval the loss window may be. The window is at most the
    /// interval plus the commit under way when the process died (its messages die with it) plus
    /// the writer's lateness: at 2,000 messages/s a commit of 200-1,000 rows takes a few ms.
    /// Measured on two cores over 62 kills each, alone, beside the rest of the suite and beside
    /// three CPU-bound processes: with 100 ms, 0-119 ms (0-240 messages); with 500 ms, 89-493 ms
    /// (175-990 messages); the 19 ms over were a commit late under load. Progress reports do not
    /// widen it (each step reports its own append time), and the kill call (under 15 ms) is counted
    /// in it (the window ends when the kill returned). One second covers a writer thread or timer
    /// late by hundreds of ms on a starved machine (other test classes run beside this one), so the
    /// test never flakes; a writer that stopped committing under load, or committed only on a
    /// flush, loses everything since its last commit and fails it. The figures themselves are in
    /// the test output.
    /// </summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(100)]
    [InlineData(500)]
    public async Task Killed_under_steady_load_it_loses_only_the_newest_messages_of_about_one_commit_interval(int commitIntervalMilliseconds)
    {
        var interval = TimeSpan.FromMilliseconds(commitIntervalMilliseconds);
        var losses = new List<Loss>();
        for (var run = 1; run <= PacedKills; run++)
        {
            await using var child = CrashWriterProcess.StartPaced(_database.Path, run, interval, PacedRate);
            var first = await child.ReadLineAsync();
            Assert.True(first == "ready", $"run {run}: the crash writer said '{first}' instead of 'ready'; stderr: {child.Errors}");

            // Warm (JIT, the first commits) and a few intervals in, then a quarter, half, three
            // quarters and a whole interval more: the writer commits every interval from its first
            // append (just after "ready"), so the kills land at different points of its cycle, the
            // last one about when the next commit begins (the worst case: that commit's messages
            // and the interval's before it are lost together).
            await Task.Delay(Warmup + (2 * interval) + (interval * run / PacedKills));
            var (asked, returned) = await child.KillAsync();

            // Every line is in the channel by now: the pump has read the pipe to its end.
            var steps = new List<(long Count, DateTimeOffset At)>();
            while (await child.ReadLineAsync() is { } line)
            {
                steps.Add(ParseAppended(line));
            }

            var loss = MeasureLoss(run, steps, returned, returned - asked);
            losses.Add(loss);
            _output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"interval {commitIntervalMilliseconds} ms, kill {run}: appended {loss.Appended}, stored {loss.Stored}, missing {loss.Missing} (the newest), window {loss.Window.TotalMilliseconds:F0} ms (kill call {loss.KillCall.TotalMilliseconds:F1} ms)"));

            Assert.True(loss.Stored > 0, $"run {run}: nothing was committed in {loss.Appended} appends");
            Assert.True(
                loss.Window <= interval + Slack,
                $"run {run}: the oldest lost message was appended {loss.Window.TotalMilliseconds:F0} ms before the kill; the commit interval is {commitIntervalMilliseconds} ms (+ {Slack.TotalMilliseconds:F0} ms slack)");
        }

        _output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"interval {commitIntervalMilliseconds} ms over {PacedKills} kills: missing {losses.Min(l => l.Missing)}-{losses.Max(l => l.Missing)} messages, window {losses.Min(l => l.Window).TotalMilliseconds:F0}-{losses.Max(l => l.Window).TotalMilliseconds:F0} ms"));

        // And the store itself opens the crashed file and goes on from it.
        await using var store = await SqliteMessageStore.OpenAsync(new SqliteStoreOptions { Path = _database.Path }, NullLogger.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TestTimeouts.Operation);
        var latest = await store.LatestAsync("crash", 1).WaitAsync(TestTimeouts.Operation);
        Assert.StartsWith($"{PacedKills}-", Assert.Single(latest).MessageId, StringComparison.Ordinal);
    }

    private static (long Count, DateTimeOffset At) ParseAppended(string line)
    {
        // appended <count> <ticks>
        var parts = line.Split(' ');
        Assert.True(parts is ["appended", _, _], $"not a progress line: '{line}'");
        return (long.Parse(parts[1], CultureInfo.InvariantCulture), new DateTimeOffset(long.Parse(parts[2], CultureInfo.InvariantCulture), TimeSpan.Zero));
    }

    /// <summary>
    /// Reads the killed run's messages from the file (read-only, as the kill left it) and works out
    /// what was lost. Asserts the file is intact and the loss is a tail: the messages stored are
    /// exactly 0 .. k - 1, with no hole before the first missing one and nothing stored after it.
    /// </summary>
    /// <param name="run">The run whose ids ("run-n") to look at.</param>
    /// <param name="steps">The writer's progress: after each step, how many were appended and when (that step's messages' time).</param>
    /// <param name="killedAt">When the kill had returned: the process was dead by then.</param>
    /// <param name="killCall">How long the kill call took (part of the window, for the record).</param>
    private Loss MeasureLoss(int run, List<(long Count, DateTimeOffset At)> steps, DateTimeOffset killedAt, TimeSpan killCall)
    {
        Assert.True(steps.Count > 0, $"run {run}: the writer reported no appends");
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{run}-");
        List<long> stored;
        using (var connection = RawSqlite.Open(_database.Path, SqliteOpenMode.ReadOnly))
        {
            Assert.Equal(["ok"], RawSqlite.Column(connection, "PRAGMA integrity_check"));
            stored = [.. RawSqlite.Column(connection, "SELECT msgid FROM messages WHERE msgid LIKE $prefix", ("$prefix", prefix + "%"))
                .Select(id => long.Parse(id.AsSpan(prefix.Length), CultureInfo.InvariantCulture))
                .Order()];
        }

        for (var i = 0; i < stored.Count; i++)
        {
            Assert.True(stored[i] == i, $"run {run}: message {prefix}{i} is missing but {prefix}{stored[i]}, appended after it, was stored: the loss is not a tail");
        }

        // Messages 0 .. k - 1 are stored; k is the oldest lost one, if the writer reported it
        // (one appended after its last report may have been lost unreported: not counted).
        var reported = steps[^1].Count;
        var k = stored.Count;
        if (k >= reported)
        {
            return new Loss(reported, k, 0, TimeSpan.Zero, killCall);
        }

        var oldestLostAt = steps.First(s => s.Count > k).At;
        return new Loss(reported, k, reported - k, killedAt - oldestLostAt, killCall);
    }

    /// <summary>What one kill lost.</summary>
    /// <param name="Appended">Messages the writer reported appended.</param>
    /// <param name="Stored">Messages found in the file (all of them the oldest ones).</param>
    /// <param name="Missing">Reported appended and not in the file.</param>
    /// <param name="Window">How long before the kill the oldest missing message was appended.</param>
    /// <param name="KillCall">How long the kill call took.</param>
    private sealed record Loss(long Appended, long Stored, long Missing, TimeSpan Window, TimeSpan KillCall);
}
