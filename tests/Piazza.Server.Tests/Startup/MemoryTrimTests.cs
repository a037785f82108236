using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Server.Hosting;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Startup;

/// <summary>
/// Memory given back after a crowd (Chat:MemoryTrimConnections): on a fake clock of the trimmer's
/// own, real clients come and go; the trim runs once the count has moved by the setting and settled, not while
/// it still moves, not twice for one crowd, and never when the setting is 0.
/// </summary>
[Trait("Category", "Slow")]
public sealed class MemoryTrimTests
{
    private const int Crowd = 8;
    private const int MemoryTrimmed = 6;

    [Fact]
    public async Task A_crowd_that_comes_and_then_leaves_is_followed_each_time_by_one_trim_once_the_count_settles()
    {
        var clock = new FakeTimeProvider();
        var logs = new CapturedLogs();
        await using var server = await StartAsync(clock, logs, $"Chat:MemoryTrimConnections={Crowd}");
        var trimmer = server.Services.GetRequiredService<MemoryTrimmer>();

        var clients = new List<LineClient>();
        for (var i = 0; i < Crowd; i++)
        {
            clients.Add(await server.ConnectAsync());
        }

        // The first tick sees the count move from 0 to the crowd: not settled yet, so no trim.
        clock.Advance(MemoryTrimmer.Tick);
        Assert.Equal(0, trimmer.Trims);

        // Settled: one trim, for the crowd that came (a tick that meets a collection of another
        // test in this process waits for the next quiet one).
        AdvanceUntilTrimmed(clock, trimmer, 1);
        var came = await logs.WaitForAsync(MemoryTrimmed);
        Assert.Equal(("0", Crowd.ToString(System.Globalization.CultureInfo.InvariantCulture)), (came["From"], came["To"]));

        // Nothing moved since: however long it idles, no other trim.
        clock.Advance(MemoryTrimmer.MinInterval * 3);
        Assert.Equal(1, trimmer.Trims);

        foreach (var client in clients)
        {
            await client.SendAsync("exit");
            Assert.DoesNotContain(await client.WaitClosedAsync(), LineClient.IsError);
            await client.DisposeAsync();
        }

        await server.WaitAllClosedAsync();
        AdvanceUntilTrimmed(clock, trimmer, 2);
        var left = await logs.WaitForAsync(l => l.EventId.Id == MemoryTrimmed && l["To"] == "0");
        Assert.Equal(Crowd.ToString(System.Globalization.CultureInfo.InvariantCulture), left["From"]);
        Assert.Equal(LogLevel.Information, left.Level);

        clock.Advance(MemoryTrimmer.MinInterval * 3);
        Assert.Equal(2, trimmer.Trims);
    }

    [Fact]
    public async Task With_the_setting_at_0_no_crowd_is_followed_by_a_trim()
    {
        var clock = new FakeTimeProvider();
        await using var server = await StartAsync(clock, new CapturedLogs(), "Chat:MemoryTrimConnections=0");
        var trimmer = server.Services.GetRequiredService<MemoryTrimmer>();
        var clients = new List<LineClient>();
        for (var i = 0; i < Crowd; i++)
        {
            clients.Add(await server.ConnectAsync());
        }

        clock.Advance(MemoryTrimmer.MinInterval * 4);
        Assert.Equal(0, trimmer.Trims);
        Assert.Equal(Crowd, server.Hub.MemberCount);
    }

    /// <summary>Ticks the fake clock until the trimmer has run <paramref name="count"/> trims, failing after a bounded number of ticks.</summary>
    private static void AdvanceUntilTrimmed(FakeTimeProvider clock, MemoryTrimmer trimmer, long count)
    {
        for (var tick = 0; tick < 200 && trimmer.Trims < count; tick++)
        {
            clock.Advance(MemoryTrimmer.Tick);
        }

        Assert.Equal(count, trimmer.Trims);
    }

    private static Task<TestServer> StartAsync(FakeTimeProvider clock, CapturedLogs logs, params string[] settings) => TestServer.StartAsync(
        services =>
        {
            services.AddSingleton(sp => MemoryTrimmer.Create(sp, clock));
            services.AddSingleton<ILoggerProvider>(logs);
        },
        ["Logging:LogLevel:Piazza.Server.Hosting.MemoryTrimmer=Information", "Logging:Console:LogLevel:Default=Warning", "History:Store=memory", .. settings]);
}
