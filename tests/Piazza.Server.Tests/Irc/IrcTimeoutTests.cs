using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>
/// The registration and ping timeouts hold to their settings, measured on a clock the test moves
/// (<see cref="FakeTimeProvider"/>): nothing happens half a second before the setting, and the cut or
/// the PING comes at it. (A timer polling every 15 s once made a 30 s registration timeout 45 s.)
/// </summary>
[Trait("Category", "Slow")]
public sealed class IrcTimeoutTests
{
    private static readonly TimeSpan HalfSecond = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData(30)]
    [InlineData(7)]
    public async Task A_client_that_never_completes_registration_is_cut_at_the_timeout(int seconds)
    {
        var clock = new FakeTimeProvider();
        await using var server = await TestServer.StartWithClockAsync(
            clock, $"Irc:RegistrationTimeoutSeconds={seconds}", "Irc:PingIntervalSeconds=90", "Irc:PingTimeoutSeconds=60", "History:Store=memory");
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("NICK lonely");
        Assert.Empty(await client.SyncAsync());

        // Lines before registration do not extend it: it counts from the connection.
        clock.Advance(TimeSpan.FromSeconds(seconds) - HalfSecond);
        Assert.Empty(await client.SyncAsync());

        clock.Advance(HalfSecond);
        var rest = await client.WaitClosedAsync();

        var error = Assert.Single(rest);
        Assert.Equal("ERROR", error.Command);
        Assert.Equal("Closing Link: registration timed out", error.Last);
    }

    [Fact]
    public async Task An_idle_client_is_pinged_at_the_interval_and_cut_at_the_ping_timeout()
    {
        var clock = new FakeTimeProvider();
        await using var server = await TestServer.StartWithClockAsync(
            clock, "Irc:RegistrationTimeoutSeconds=30", "Irc:PingIntervalSeconds=90", "Irc:PingTimeoutSeconds=60", "History:Store=memory");
        await using var watcher = await server.ConnectAsync();
        await using var idler = await server.ConnectIrcAsync("idler");
        await idler.JoinAsync("#lobby");
        await watcher.ExpectAsync("* idler joined lobby");
        Assert.Empty(await idler.SyncAsync());

        // Idle for just under the interval (since its last line, the sync): no PING.
        clock.Advance(TimeSpan.FromSeconds(90) - HalfSecond);
        Assert.Empty(await idler.SyncAsync());

        // Idle for the interval: PING. Not answered for just under the timeout: still here.
        clock.Advance(TimeSpan.FromSeconds(90));
        var ping = await idler.NextAsync();
        Assert.Equal("PING", ping.Command);
        clock.Advance(TimeSpan.FromSeconds(60) - HalfSecond);
        Assert.Empty(await idler.SyncAsync());

        // The sync answered that PING; the next comes an interval later, and is left unanswered.
        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal("PING", (await idler.NextAsync()).Command);
        clock.Advance(TimeSpan.FromSeconds(60));
        var rest = await idler.WaitClosedAsync();

        var error = Assert.Single(rest);
        Assert.Equal("ERROR", error.Command);
        Assert.Contains("(Ping timeout: 150 seconds)", error.Last, StringComparison.Ordinal);
        Assert.Equal("* idler quit (Ping timeout: 150 seconds)", await watcher.NextAsync());
        Assert.Empty(watcher.Skipped);
    }
}
