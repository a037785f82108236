using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests;

/// <summary>SIGINT and SIGTERM: clients are told, the process exits 0 within a few seconds.</summary>
[Trait("Category", "Slow")]
public sealed class ShutdownTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_signal_tells_every_client_and_exits_zero_within_seconds(string signal)
    {
        await using var server = await ServerProcess.StartAsync();
        await using var a = await LineClient.ConnectAsync(server.EndPoint);
        await using var b = await LineClient.ConnectAsync(server.EndPoint);
        await a.ExpectAsync($"* {b.Address} joined lobby");

        await server.SignalAsync(signal);

        Assert.Equal("* server shutting down", (await a.WaitClosedAsync()).Last());
        Assert.Equal("* server shutting down", (await b.WaitClosedAsync()).Last());
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_client_that_never_reads_does_not_hold_up_shutdown()
    {
        await using var server = await ServerProcess.StartAsync("Chat:MaxSendQueueBytes=1048576", "Flood:Enabled=false");
        await using var talker = await LineClient.ConnectAsync(server.EndPoint);
        using var sloth = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await sloth.ConnectAsync(server.EndPoint);
        await talker.ExpectAsync($"* {sloth.LocalEndPoint} joined lobby");

        // Fill the sloth's queue part way, so the goodbye cannot be delivered to it (300 KB at
        // once: far past flood control's allowance, hence Flood:Enabled=false).
        var line = new string('x', 1000);
        for (var i = 0; i < 300; i++)
        {
            await talker.SendAsync(line);
        }

        await talker.SendAsync("/who");
        await talker.ExpectAsync("* in lobby (2):");
        await server.SignalAsync("TERM");

        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Everything_broadcast_before_SIGTERM_is_in_the_history_after_a_restart()
    {
        // 500 lines at once: past flood control's allowance, and not what this test is about.
        const int Messages = 500;
        var data = TestServer.NewDataDirectory();
        var database = $"History:Path={Path.Combine(data, "piazza.db")}";
        try
        {
            await using (var server = await ServerProcess.StartAsync("History:Store=sqlite", database, "History:CommitIntervalMilliseconds=1000", "Flood:Enabled=false"))
            {
                await using var talker = await LineClient.ConnectAsync(server.EndPoint);
                for (var i = 0; i < Messages; i++)
                {
                    await talker.SendAsync($"message {i}");
                }

                await talker.SendAsync("/who");
                await talker.ExpectAsync("* in lobby (1):");
                await server.SignalAsync("TERM");
                Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            }

            await using var restarted = await ServerProcess.StartAsync("History:Store=sqlite", database, $"History:MaxQuery={Messages}");
            await using var reader = await LineClient.ConnectAsync(restarted.EndPoint);
            await reader.SendAsync($"/history {Messages}");
            await reader.ExpectAsync($"* history of lobby ({Messages} messages):");
            for (var i = 0; i < Messages; i++)
            {
                Assert.EndsWith($"] message {i}", await reader.NextAsync());
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
