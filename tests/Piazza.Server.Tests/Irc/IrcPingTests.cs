using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>
/// PING and PONG both ways: the client's PING is answered; an idle client is probed, and dropped
/// when silent (on a fake clock: IrcTimeoutTests holds each timeout to its second).
/// </summary>
[Trait("Category", "Slow")]
public sealed class IrcPingTests
{
    [Fact]
    public async Task A_ping_gets_a_pong_with_the_same_token_before_and_after_registration()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        await client.SendAsync("PING early");
        var early = await client.NextAsync();
        Assert.Equal(["piazza.local", "early"], early.Parameters);
        Assert.Equal("PONG", early.Command);

        await client.RegisterAsync("pinger");
        await client.SendAsync("PING :a token with spaces");
        var pong = await client.NextAsync();
        Assert.Equal("PONG", pong.Command);
        Assert.Equal("a token with spaces", pong.Last);
        await client.SendAsync("PING");
        Assert.Equal("461", (await client.NextAsync()).Command);
    }

    [Fact]
    public async Task An_idle_client_is_pinged_and_stays_when_it_answers()
    {
        var clock = new FakeTimeProvider();
        await using var server = await TestServer.StartWithClockAsync(clock, "Irc:PingIntervalSeconds=90", "Irc:PingTimeoutSeconds=60", "History:Store=memory");
        await using var client = await server.ConnectIrcAsync("idler");
        Assert.Empty(await client.SyncAsync());

        for (var round = 0; round < 2; round++)
        {
            clock.Advance(TimeSpan.FromSeconds(90));
            var ping = await client.NextAsync();
            Assert.Equal("PING", ping.Command);
            Assert.Equal("piazza.local", ping.Last);

            // Answered just before the timeout: the client stays, and idles into the next round.
            clock.Advance(TimeSpan.FromSeconds(59.5));
            await client.SendAsync("PONG :" + ping.Last);
            Assert.Empty(await client.SyncAsync());
        }

        Assert.Equal(1, server.Hub.MemberCount);
    }

    [Fact]
    public async Task A_client_that_does_not_answer_the_ping_is_dropped_with_ping_timeout()
    {
        var clock = new FakeTimeProvider();
        await using var server = await TestServer.StartWithClockAsync(clock, "Irc:PingIntervalSeconds=90", "Irc:PingTimeoutSeconds=60", "History:Store=memory");
        await using var watcher = await server.ConnectAsync();
        await using var silent = await server.ConnectIrcAsync("silent");
        await silent.JoinAsync("#lobby");
        await watcher.ExpectAsync("* silent joined lobby");
        Assert.Empty(await silent.SyncAsync());

        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal("PING", (await silent.NextAsync()).Command);
        clock.Advance(TimeSpan.FromSeconds(60));
        var rest = await silent.WaitClosedAsync();

        var error = Assert.Single(rest, l => l.Is("ERROR"));
        Assert.Contains("Ping timeout: 150 seconds", error.Last, StringComparison.Ordinal);
        Assert.Equal("* silent quit (Ping timeout: 150 seconds)", await watcher.ExpectAsync(l => l.StartsWith("* silent quit", StringComparison.Ordinal)));
    }
}
