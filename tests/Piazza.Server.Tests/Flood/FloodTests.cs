using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

using Piazza.Server.Tests.Infrastructure;

namespace Piazza.Server.Tests.Flood;

/// <summary>
/// Flood control with the server's default settings: a flooder is delayed, then cut with its
/// reason; nobody else waits, loses a message or is dropped for it.
/// </summary>
public sealed class FloodTests
{
    private const string PlainFloodCut = "! you sent lines faster than the server takes them, and kept on: flooding; disconnected";
    private const int FloodLines = 20_000;

    [Fact]
    public async Task A_flooder_is_throttled_then_cut_while_fifty_readers_chat_and_none_of_them_loses_a_message_or_waits()
    {
        const int Readers = 50;
        await using var server = await TestServer.StartAsync();
        var readers = new LineClient[Readers];
        for (var i = 0; i < Readers; i++)
        {
            readers[i] = await server.ConnectAsync();
            await readers[i].NickAsync($"r{i}");
        }

        await Task.WhenAll(readers.Take(Readers - 1).Select(r => r.ExpectAsync($"* {readers[^1].Address} is now known as r{Readers - 1}")));
        await using var flooder = await server.ConnectAsync();
        await flooder.NickAsync("flooder");
        await Task.WhenAll(readers.Select(r => r.ExpectAsync($"* {flooder.Address} is now known as flooder")));

        // Every reader records what it receives, with the time, until every other reader's "end".
        var recorders = readers.Select((r, i) => RecordAsync(r, Readers - 1)).ToArray();

        // Everyone chats at a normal rate: a line every half second, each stamped when sent.
        var sentAt = new ConcurrentDictionary<string, long>();
        using var stopChat = new CancellationTokenSource();
        var chatters = readers.Select((r, i) => ChatAsync(r, $"r{i}", sentAt, stopChat.Token)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        // The flood: 20,000 lines as fast as the socket takes them.
        var floodStart = Stopwatch.GetTimestamp();
        var flood = Task.Run(async () =>
        {
            var lines = new StringBuilder();
            for (var n = 0; n < FloodLines; n++)
            {
                lines.Append(CultureInfo.InvariantCulture, $"f {n}\n");
            }

            try
            {
                await flooder.SendRawAsync(Encoding.ASCII.GetBytes(lines.ToString()));
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or System.Net.Sockets.SocketException)
            {
                // Cut off mid-flood: expected.
            }
        });

        var flooderSaw = await flooder.WaitClosedAsync();
        Assert.Equal(PlainFloodCut, flooderSaw.Last());
        Assert.DoesNotContain(flooderSaw.SkipLast(1), l => l.StartsWith("! ", StringComparison.Ordinal));
        var cutAt = Stopwatch.GetTimestamp();
        await flood.WaitAsync(TestServer.Timeout);

        // Chat on for a while after the cut, then everyone says it is done.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await stopChat.CancelAsync();
        var sent = await Task.WhenAll(chatters);
        await Task.WhenAll(readers.Select((r, i) => r.SendAsync("end")));
        var received = await Task.WhenAll(recorders);

        Assert.Equal(Readers, server.Hub.MemberCount);
        int? accepted = null;
        for (var i = 0; i < Readers; i++)
        {
            var lines = received[i].Select(l => l.Line).ToList();
            Assert.DoesNotContain(lines, l => l.StartsWith("! ", StringComparison.Ordinal));
            Assert.Equal(["* flooder quit (Excess Flood)"], lines.Where(l => l.Contains(" quit (", StringComparison.Ordinal)));

            // The flooder's lines the server accepted: the same first ones for everyone, in order.
            var floodSeen = lines.Where(l => l.StartsWith("[flooder] f ", StringComparison.Ordinal)).ToList();
            accepted ??= floodSeen.Count;
            Assert.Equal(Enumerable.Range(0, accepted.Value).Select(n => $"[flooder] f {n}"), floodSeen);

            // Every other reader's chat, all of it, in order.
            for (var j = 0; j < Readers; j++)
            {
                var from = lines.Where(l => l.StartsWith($"[r{j}] ", StringComparison.Ordinal)).ToList();
                var expected = j == i ? [] : Enumerable.Range(0, sent[j]).Select(k => $"[r{j}] c {k}").Append($"[r{j}] end");
                Assert.Equal(expected, from);
            }

            Assert.DoesNotContain(lines, l => !l.StartsWith("[r", StringComparison.Ordinal) && !l.StartsWith("[flooder] f ", StringComparison.Ordinal) && l != "* flooder quit (Excess Flood)");
        }

        // Throttled, not relayed: its burst (40 lines, less the two it used to connect) and one more went out.
        Assert.InRange(accepted!.Value, 30, 50);

        // A normal sender's latency while the flood came in, against before it: medians of
        // every delivery of every reader's chat (thousands each), so one slow moment of a loaded
        // machine does not decide.
        var before = new List<double>();
        var during = new List<double>();
        var cutWindowEnd = cutAt + Stopwatch.Frequency;
        foreach (var (line, at) in received.SelectMany(r => r))
        {
            if (sentAt.TryGetValue(line, out var sentTime))
            {
                var latency = Stopwatch.GetElapsedTime(sentTime, at).TotalMilliseconds;
                if (sentTime < floodStart)
                {
                    before.Add(latency);
                }
                else if (sentTime <= cutWindowEnd)
                {
                    during.Add(latency);
                }
            }
        }

        Assert.True(before.Count > 1000 && during.Count > 1000, $"samples: {before.Count} before, {during.Count} during");
        var ratio = Median(during) / Median(before);
        Assert.True(ratio <= 2, $"median latency {Median(during):F2} ms during the flood against {Median(before):F2} ms before: {ratio:F2}x");

        await Task.WhenAll(readers.Select(r => r.DisposeAsync().AsTask()));
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

        var flood = Task.Run(async () =>
        {
            try
            {
                await flooder.SendRawAsync(Encoding.ASCII.GetBytes(lines.ToString()));
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or System.Net.Sockets.SocketException)
            {
                // Cut off mid-flood: expected.
            }
        });

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
        // Spread the senders over the half second.
        await Task.Delay(Random.Shared.Next(500), CancellationToken.None);
        var k = 0;
        while (!stop.IsCancellationRequested)
        {
            var text = $"c {k}";
            sentAt[$"[{nick}] {text}"] = Stopwatch.GetTimestamp();
            await client.SendAsync(text);
            k++;
            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return k;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
