using Microsoft.Extensions.Options;

using Piazza.Testing;

namespace Piazza.Server.Tests.Flood;

/// <summary>Flood settings are checked at startup, each failure naming its key.</summary>
[Trait("Category", "Slow")]
public sealed class FloodSettingsTests
{
    [Theory]
    [InlineData("Flood:LinesPerSecond=0", "Flood:LinesPerSecond must be positive (was 0)")]
    [InlineData("Flood:LineBurst=-1", "Flood:LineBurst must be positive (was -1)")]
    [InlineData("Flood:BytesPerSecond=0", "Flood:BytesPerSecond must be positive (was 0)")]
    [InlineData("Flood:ByteBurst=0", "Flood:ByteBurst must be positive (was 0)")]
    [InlineData("Flood:MaxPendingBytes=0", "Flood:MaxPendingBytes must be positive (was 0)")]
    [InlineData("Flood:MaxPendingBytes=1048576", "Flood:MaxPendingBytes must be below 1048576 (was 1048576)")]
    public async Task A_bad_value_stops_startup_naming_the_key(string setting, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () => await (await TestServer.StartAsync(setting)).DisposeAsync());
        Assert.Equal([message], error.Failures);
    }

    [Fact]
    public async Task Turned_off_a_client_may_send_as_fast_as_it_likes()
    {
        await using var server = await TestServer.StartAsync("Flood:Enabled=false");
        var (reader, talker) = await server.PlainPairAsync();

        await talker.SendRawAsync(System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i}\n"))));

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal($"[{talker.Address}] {i}", await reader.NextChatAsync());
        }
    }
}
