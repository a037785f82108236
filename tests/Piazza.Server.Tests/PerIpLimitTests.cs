using System.Net;

using Microsoft.Extensions.DependencyInjection;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests;

/// <summary>
/// Limits:* on real sockets: clients connect from their own loopback addresses (127.0.0.2 …),
/// which are ordinary addresses to the server, while 127.0.0.1 is exempt by default.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PerIpLimitTests
{
    private const string TooManyOpen = "too many connections from your address (the most is 2 at once); close one first";

    [Fact]
    public async Task The_connection_past_the_limit_is_refused_on_either_port_and_the_count_spans_both()
    {
        await using var server = await TestServer.StartAsync("Limits:MaxConnectionsPerIp=2");
        var from = Loopback.Address(2);
        await using var plain = await LineClient.ConnectAsync(server.EndPoint, from: from);
        await using var irc = await IrcClient.ConnectFromAsync(server.IrcEndPoint, from);
        await irc.RegisterAsync("ircuser");

        await using var thirdPlain = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false, from: from);
        Assert.Equal(["! " + TooManyOpen], await thirdPlain.WaitClosedAsync());
        await using var thirdIrc = await IrcClient.ConnectFromAsync(server.IrcEndPoint, from);
        Assert.Equal(["ERROR :" + TooManyOpen], (await thirdIrc.WaitClosedAsync()).Select(l => l.Raw));

        // Another address is not affected, and the two admitted connections carry on.
        await using var other = await LineClient.ConnectAsync(server.EndPoint, from: Loopback.Address(3));
        await plain.ExpectAsync($"* {other.Address} joined lobby");
        await plain.SendAsync("still here");
        Assert.Equal($"[{plain.Address}] still here", await other.NextChatAsync());
        Assert.Empty(await irc.SyncAsync());
        Assert.Equal(2, server.PerIp().OpenFrom(from));
        Assert.DoesNotContain(plain.Skipped, l => l.StartsWith("! ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slot_is_freed_when_a_connection_closes()
    {
        await using var server = await TestServer.StartAsync("Limits:MaxConnectionsPerIp=1");
        var from = Loopback.Address(4);
        await using var first = await LineClient.ConnectAsync(server.EndPoint, from: from);
        await using (var refused = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false, from: from))
        {
            Assert.Equal(["! too many connections from your address (the most is 1 at once); close one first"], await refused.WaitClosedAsync());
        }

        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.PerIp().Released += address =>
        {
            if (address.Equals(from))
            {
                released.TrySetResult();
            }
        };
        await first.SendAsync("exit");
        await first.WaitClosedAsync();
        await released.Task.WaitAsync(TestServer.Timeout);

        await using var again = await LineClient.ConnectAsync(server.EndPoint, from: from);
        Assert.Equal(1, server.PerIp().OpenFrom(from));
    }

    [Fact]
    public async Task A_reconnect_storm_from_one_address_is_throttled_until_its_window_ends()
    {
        var clock = new FakeTimeProvider();
        await using var server = await TestServer.StartAsync(
            services => services.AddSingleton<TimeProvider>(clock),
            "Limits:MaxNewConnectionsPerIp=5",
            "Limits:NewConnectionWindowSeconds=60",
            "Irc:DetectTimeoutMilliseconds=50",
            "History:Store=memory");
        var stormer = Loopback.Address(5);

        var firstLines = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            await using var client = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false, from: stormer);
            firstLines.Add(await client.NextAsync());
        }

        Assert.All(firstLines.Take(5), l => Assert.StartsWith("* welcome to Piazza, 127.0.0.5:", l));
        Assert.All(firstLines.Skip(5), l => Assert.Equal("! too many new connections from your address (the most is 5 in 60 s); try again in 60 s", l));

        // Meanwhile anyone else connects as usual.
        await using var bystander = await LineClient.ConnectAsync(server.EndPoint, from: Loopback.Address(6));

        clock.Advance(TimeSpan.FromSeconds(45));
        await using (var stillEarly = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false, from: stormer))
        {
            Assert.Equal("! too many new connections from your address (the most is 5 in 60 s); try again in 15 s", await stillEarly.NextAsync());
        }

        clock.Advance(TimeSpan.FromSeconds(15));
        await using var afterWindow = await LineClient.ConnectAsync(server.EndPoint, from: stormer);
    }

    [Fact]
    public async Task Localhost_is_exempt_by_default()
    {
        await using var server = await TestServer.StartAsync("Limits:MaxConnectionsPerIp=1", "Limits:MaxNewConnectionsPerIp=1");
        await using var a = await server.ConnectAsync();
        await using var b = await server.ConnectAsync();
        await using var c = await server.ConnectIrcAsync("carol");

        await a.ExpectAsync($"* {b.Address} joined lobby");
        Assert.Equal(0, server.PerIp().TrackedAddresses);
    }

    [Fact]
    public async Task The_exempt_list_is_a_setting()
    {
        await using var server = await TestServer.StartAsync("Limits:MaxConnectionsPerIp=1", "Limits:Exempt:0=127.0.0.0/30");
        await using var a = await LineClient.ConnectAsync(server.EndPoint, from: Loopback.Address(2));
        await using var b = await LineClient.ConnectAsync(server.EndPoint, from: Loopback.Address(2));
        await a.ExpectAsync($"* {b.Address} joined lobby");

        // 127.0.0.4 is outside 127.0.0.0/30.
        await using var c = await LineClient.ConnectAsync(server.EndPoint, from: Loopback.Address(4));
        await using var refused = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false, from: Loopback.Address(4));
        Assert.Equal(["! too many connections from your address (the most is 1 at once); close one first"], await refused.WaitClosedAsync());
    }

    [Fact]
    public async Task Empty_entries_exempt_nobody_not_even_localhost()
    {
        await using var server = await TestServer.StartAsync("Limits:MaxConnectionsPerIp=1", "Limits:Exempt:0=", "Limits:Exempt:1=");
        await using var a = await server.ConnectAsync();

        await using var refused = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false);
        Assert.Equal(["! too many connections from your address (the most is 1 at once); close one first"], await refused.WaitClosedAsync());
        Assert.Equal(1, server.PerIp().OpenFrom(IPAddress.Loopback));
    }

    [Theory]
    [InlineData("Limits:Exempt:1=10.0.0.0/33", "Limits:Exempt:1 must be a network such as 10.0.0.0/8")]
    [InlineData("Limits:Exempt:0=nonsense", "Limits:Exempt:0 must be a network")]
    [InlineData("Limits:MaxConnectionsPerIp=0", "Limits:MaxConnectionsPerIp must be positive (was 0)")]
    [InlineData("Limits:NewConnectionWindowSeconds=-5", "Limits:NewConnectionWindowSeconds must be positive (was -5)")]
    public async Task A_bad_setting_stops_startup_with_a_message_naming_its_key(string setting, string message)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestServer.StartAsync(setting));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
