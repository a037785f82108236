using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

using Piazza.Testing;

using Xunit.Abstractions;

namespace Piazza.Server.Tests.Flood;

/// <summary>
/// Flood control with the server's default settings: a flooder is delayed, then cut with its
/// reason; nobody else waits, loses a message or is dropped for it.
/// </summary>
[Collection(LatencyMeasurementCollection.Name)]
[Trait("Category", "Slow")]
public sealed class FloodTests(ITestOutputHelper output)
{
    private const string PlainFloodCut = "! you sent lines faster than the server takes them, and kept on: flooding; disconnected";
    private const int FloodLines = 20_000;

    [Fact]
    public async Task A_flooder_is_throttled_then_cut_while_fifty_readers_chat_and_none_of_them_loses_a_message_or_waits()
    {
        const int Readers = 50;

        // Ten flooders, one after another, each between two quiet spells: latency with a flood
        // and without it interleave in time, so the load of a shared machine falls on both alike.
        const int Flooders = 10;
        await using var server = await TestServer.StartAsync();
        var readers = new LineClient[Readers];
        for (var i = 0; i < Readers; i++)
        {
            readers[i] = await server.ConnectAsync($"r{i}");
        }

        var flooders = new LineClient[Flooders];
        for (var f = 0; f < Flooders; f++)
        {
            flooders[f] = await server.ConnectAsync($"flooder{f}");
        }

        await Task.WhenAll(readers.Select(r => r.ExpectAsync($"* {flooders[^1].Address} is now known as flooder{Flooders - 1}")));
        var payloads = Enumerable.Range(0, Flooders).Select(_ => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, FloodLines).Select(n => $"f {n}\n")))).ToArray();

        // Every reader records what it receives, with the time, until every other reader's "end".
        var recorders = readers.Select(r => RecordAsync(r, Readers - 1)).ToArray();

        // Everyone chats at a normal rate: a line every half second, each stamped when sent.
        var sentAt = new ConcurrentDictionary<string, long>();
        using var stopChat = new CancellationTokenSource();
        var chatters = readers.Select((r, i) => ChatAsync(r, $"r{i}", sentAt, stopChat.Token)).ToArray();
        var quietSpell = TimeSpan.FromSeconds(0.8);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var quiet = new List<(long From, long To)>();
        var flooding = new List<(long From, long To)>();
        for (var f = 0; f < Flooders; f++)
        {
            var quietFrom = Stopwatch.GetTimestamp();
            await Task.Delay(quietSpell);
            quiet.Add((quietFrom, Stopwatch.GetTimestamp()));

            // The flood: 20,000 lines as fast as the socket takes them.
            var flooder = flooders[f];
            var floodFrom = Stopwatch.GetTimestamp();
            var flood = SendUntilCutAsync(flooder, payloads[f]);
            var flooderSaw = await flooder.WaitClosedAsync();
            Assert.Equal(PlainFloodCut, flooderSaw.Last());
            Assert.DoesNotContain(flooderSaw.SkipLast(1), l => l.StartsWith("! ", StringComparison.Ordinal));
            await flood;

            // The flood's aftermath counts as the flood's: a quarter second after the cut.
            await Task.Delay(TimeSpan.FromSeconds(0.25));
            flooding.Add((floodFrom, Stopwatch.GetTimestamp()));
        }

        quiet.Add((Stopwatch.GetTimestamp(), Stopwatch.GetTimestamp() + (long)(quietSpell.TotalSeconds * Stopwatch.Frequency)));
        await Task.Delay(quietSpell);
        await stopChat.CancelAsync();
        var sent = await Task.WhenAll(chatters);
        await Task.WhenAll(readers.Select(r => r.SendAsync("end")));
        var received = await Task.WhenAll(recorders);

        Assert.Equal(Readers, server.Hub.MemberCount);
        var quits = Enumerable.Range(0, Flooders).Select(f => $"* flooder{f} quit (Excess Flood)").ToList();
        var accepted = new int?[Flooders];
        for (var i = 0; i < Readers; i++)
        {
            var lines = received[i].Select(l => l.Line).ToList();
            Assert.DoesNotContain(lines, l => l.StartsWith("! ", StringComparison.Ordinal));
            Assert.Equal(quits, lines.Where(l => l.Contains(" quit (", StringComparison.Ordinal)));

            // Each flooder's lines the server accepted: the same first ones for everyone, in order.
            for (var f = 0; f < Flooders; f++)
            {
                var floodSeen = lines.Where(l => l.StartsWith($"[flooder{f}] ", StringComparison.Ordinal)).ToList();
                accepted[f] ??= floodSeen.Count;
                Assert.Equal(Enumerable.Range(0, accepted[f]!.Value).Select(n => $"[flooder{f}] f {n}"), floodSeen);
            }

            // Every other reader's chat, all of it, in order.
            for (var j = 0; j < Readers; j++)
            {
                var from = lines.Where(l => l.StartsWith($"[r{j}] ", StringComparison.Ordinal)).ToList();
                var expected = j == i ? [] : Enumerable.Range(0, sent[j]).Select(k => $"[r{j}] c {k}").Append($"[r{j}] end");
                Assert.Equal(expected, from);
            }

            Assert.DoesNotContain(lines, l => !l.StartsWith('[') && !quits.Contains(l));
        }

        // Throttled, not relayed: its burst (40 lines, less the two it used to connect) and one more went out.
        Assert.All(accepted, a => Assert.InRange(a!.Value, 30, 50));

        // A normal sender's latency while a flood came in, against the quiet spells between:
        // medians of every delivery of every reader's chat (thousands each).
        var before = new List<double>();
        var during = new List<double>();
        foreach (var (line, at) in received.SelectMany(r => r))
        {
            if (sentAt.TryGetValue(line, out var sentTime))
            {
                var latency = Stopwatch.GetElapsedTime(sentTime, at).TotalMilliseconds;
                if (quiet.Any(w => sentTime >= w.From && sentTime < w.To))
                {
                    before.Add(latency);
                }
                else if (flooding.Any(w => sentTime >= w.From && sentTime < w.To))
                {
                    during.Add(latency);
                }
            }
        }

        Assert.True(before.Count > 1000 && during.Count > 1000, $"samples: {before.Count} quiet, {during.Count} flooding");
        var ratio = Median(during) / Median(before);
        output.WriteLine($"flooder lines relayed: {string.Join(", ", accepted)}; median latency {Median(before):F3} ms quiet ({before.Count} deliveries), {Median(during):F3} ms flooding ({during.Count}): {ratio:F2}x");
        Assert.True(ratio <= 2, $"median latency {Median(during):F2} ms during the floods against {Median(before):F2} ms between them: {ratio:F2}x");

        await Task.WhenAll(readers.Select(r => r.DisposeAsync().AsTask()));
        await Task.WhenAll(flooders.Select(r => r.DisposeAsync().AsTask()));
    }

    /// <summary>Writes the whole flood at once; being cut off mid-way is expected.</summary>
    private static async Task SendUntilCutAsync(LineClient flooder, byte[] payload)
    {
        try
        {
            await flooder.SendRawAsync(payload);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // Cut off mid-flood.
        }
    }

    [Fact]
    public async Task An_irc_flooder_is_cut_with_ERROR_Excess_Flood_and_others_see_it_quit_for_that()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.ConnectIrcAsync("watcher");
        await watcher.JoinAsync("#lobby");
        await using var plain = await server.ConnectAsync();
        await using var flooder = await server.ConnectIrcAsync("ircflood");
        await flooder.JoinAsync("#lobby");
        await watcher.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "ircflood");
        await plain.ExpectAsync("* ircflood joined lobby");

        var lines = new StringBuilder();
        for (var n = 0; n < FloodLines; n++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"PRIVMSG #lobby :f {n}\r\n");
        }

        var flood = flooder.SendRawAsync(Encoding.ASCII.GetBytes(lines.ToString())).ContinueWith(t => t.Exception, TaskScheduler.Default);

        var flooderSaw = await flooder.WaitClosedAsync();
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Excess Flood)", flooderSaw.Last().Raw);
        await flood.WaitAsync(TestServer.Timeout);

        var quit = await watcher.ExpectAsync("QUIT");
        Assert.Equal(("ircflood", "Excess Flood"), (quit.SourceNick, quit.Last));
        var relayed = watcher.Skipped.Where(l => l.Is("PRIVMSG")).Select(l => l.Last).ToList();
        Assert.Equal(Enumerable.Range(0, relayed.Count).Select(n => $"f {n}"), relayed);
        Assert.InRange(relayed.Count, 30, 50);
        Assert.Equal("* ircflood quit (Excess Flood)", await plain.ExpectAsync(l => l.Contains(" quit ", StringComparison.Ordinal)));
    }

    /// <summary>Reads until <paramref name="ends"/> "end" lines came; every line with when it arrived.</summary>
    private static async Task<List<(string Line, long At)>> RecordAsync(LineClient client, int ends)
    {
        var lines = new List<(string, long)>();
        var seen = 0;
        while (seen < ends)
        {
            var line = await client.NextAsync();
            lines.Add((line, Stopwatch.GetTimestamp()));
            if (line.EndsWith("] end", StringComparison.Ordinal))
            {
                seen++;
            }
        }

        return lines;
    }

    /// <summary>Says <c>c 0</c>, <c>c 1</c>… every half second until stopped; returns how many it said.</summary>
    private static async Task<int> ChatAsync(LineClient client, string nick, ConcurrentDictionary<string, long> sentAt, CancellationToken stop)
    {
        // Spread the senders over the half second, each on its own schedule: the k-th line is due
        // at start + offset + k/2 s. Waiting half a second after each send instead would let one
        // stall of the timer (a loaded machine) fall every sender into step for good, and the
        // latencies would then measure fifty lines at once rather than the room's steady chat.
        var start = Stopwatch.GetTimestamp();
        var offset = TimeSpan.FromMilliseconds(Random.Shared.Next(500));
        var k = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = offset + (k * TimeSpan.FromMilliseconds(500)) - Stopwatch.GetElapsedTime(start);
            try
            {
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, stop);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var text = $"c {k}";
            sentAt[$"[{nick}] {text}"] = Stopwatch.GetTimestamp();
            await client.SendAsync(text);
            k++;
        }

        return k;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
