using System.Text;

using Microsoft.Extensions.DependencyInjection;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Flood;

/// <summary>
/// What a normal person does is never delayed, and what is past the allowance waits for the
/// clock: on a fake clock that moves only when the test says, so a minute takes a moment, and a
/// line that flood control held would never arrive.
/// </summary>
[Trait("Category", "Slow")]
public sealed class FloodPacingTests
{
    [Fact]
    public async Task A_pasted_twenty_line_block_and_four_lines_a_second_for_a_minute_are_never_delayed_and_a_burst_past_the_allowance_is()
    {
        var clock = new FakeTimeProvider();
        await using var server = await TestServer.StartAsync(s => s.AddSingleton<TimeProvider>(clock), "History:Store=memory");
        var (reader, talker) = await server.PlainPairAsync();
        var from = $"[{talker.Address}] ";

        // A pasted block: one write of 20 lines, none of them waits (the clock stands still).
        await talker.SendRawAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20).Select(i => $"pasted line {i} of a block of code or a log\n"))));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"{from}pasted line {i} of a block of code or a log", await reader.NextChatAsync());
        }

        // Four lines a second for a minute.
        for (var i = 0; i < 4 * 60; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await talker.SendAsync($"steady {i}");
            Assert.Equal($"{from}steady {i}", await reader.NextChatAsync());
        }

        // Past the burst (40 lines at once, with a full allowance): the 41st is taken, and the
        // rest waits for the clock.
        clock.Advance(TimeSpan.FromSeconds(10));
        var idleTimers = clock.PendingTimers;
        await talker.SendRawAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 60).Select(i => $"burst {i}\n"))));
        for (var i = 0; i <= 40; i++)
        {
            Assert.Equal($"{from}burst {i}", await reader.NextChatAsync());
        }

        await using var other = await server.ConnectAsync();
        await other.SendAsync("meanwhile");
        Assert.Equal($"[{other.Address}] meanwhile", await reader.NextChatAsync());

        // One line per 200 ms of the clock (5 lines/s). The clock moves only once the talker's
        // read loop waits on it: its pause starts after it relayed the line before, and a clock
        // moved first would leave that pause 200 ms in the future for good (a 20 s timeout).
        await WaitForPauseAsync(clock, idleTimers);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal($"{from}burst 41", await reader.NextChatAsync());
        await other.SendAsync("and again");
        Assert.Equal($"[{other.Address}] and again", await reader.NextChatAsync());
        await WaitForPauseAsync(clock, idleTimers);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal($"{from}burst 42", await reader.NextChatAsync());
        Assert.DoesNotContain(reader.Skipped, l => l.StartsWith("! ", StringComparison.Ordinal));
        Assert.DoesNotContain(talker.Skipped, l => l.StartsWith("! ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_rejoining_fifty_rooms_and_asking_each_for_its_history_at_once_is_delayed_not_cut()
    {
        // The piazza client after a reconnect: registration, then a JOIN and a CHATHISTORY per
        // room. Sent here all in one write, harder than the client does (it asks for history as
        // each JOIN is answered).
        var clock = new FakeTimeProvider();
        await using var server = await TestServer.StartAsync(s => s.AddSingleton<TimeProvider>(clock), "History:Store=memory");
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        var rooms = Enumerable.Range(0, 50).Select(i => $"#room-number-{i}").ToList();
        var lines = new StringBuilder("CAP LS 302\r\nCAP REQ :batch draft/chathistory server-time message-tags\r\nNICK rejoiner\r\nUSER r 0 * :Re Joiner\r\nCAP END\r\n");
        foreach (var room in rooms)
        {
            lines.Append($"JOIN {room}\r\nCHATHISTORY LATEST {room} * 50\r\n");
        }

        await client.SendRawAsync(Encoding.ASCII.GetBytes(lines.ToString()));

        // The clock runs while the client waits for its answers: every pause comes due.
        using var done = new CancellationTokenSource();
        var pump = clock.PumpAsync(TimeSpan.FromSeconds(1), done.Token);
        try
        {
            foreach (var room in rooms)
            {
                await client.ExpectAsync(l => l.Is("BATCH") && l[0].StartsWith('-'));
                Assert.Contains(client.Skipped, l => l.Is("JOIN") && l[0] == room);
            }

            await client.SendAsync("PING still-here");
            Assert.Equal("still-here", (await client.ExpectAsync("PONG")).Last);
        }
        finally
        {
            await done.CancelAsync();
            await pump;
        }

        Assert.DoesNotContain(client.Skipped, l => l.Is("ERROR") || l.Is("FAIL"));
    }

    /// <summary>Waits until a flood pause holds one of the clock's timers (more than <paramref name="idle"/> wait).</summary>
    private static async Task WaitForPauseAsync(FakeTimeProvider clock, int idle)
    {
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        while (clock.PendingTimers <= idle)
        {
            await Task.Delay(1, timeout.Token);
        }
    }
}
