using Piazza.Testing;

namespace Piazza.Server.Tests;

/// <summary>Hostile input: each gets a clear error or a clean drop, and everyone else keeps chatting.</summary>
[Trait("Category", "Slow")]
public sealed class BadInputTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'\n' }, "! that line was not valid UTF-8; it was discarded")]
    [InlineData(new byte[] { (byte)'a', 0xC3, (byte)'\n' }, "! that line was not valid UTF-8; it was discarded")]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80, (byte)'\n' }, "! that line was not valid UTF-8; it was discarded")]
    [InlineData(new byte[] { (byte)'a', 0x00, (byte)'b', (byte)'\n' }, "! that line held control characters (only TAB is allowed); it was discarded")]
    [InlineData(new byte[] { 0x1B, (byte)'[', (byte)'2', (byte)'J', (byte)'\n' }, "! that line held control characters (only TAB is allowed); it was discarded")]
    [InlineData(new byte[] { (byte)'a', (byte)'\r', (byte)'b', (byte)'\n' }, "! that line held control characters (only TAB is allowed); it was discarded")]
    [InlineData(new byte[] { 0xC2, 0x9B, (byte)'\n' }, "! that line held control characters (only TAB is allowed); it was discarded")]
    [InlineData(new byte[] { (byte)'a', 0x7F, (byte)'\n' }, "! that line held control characters (only TAB is allowed); it was discarded")]
    [InlineData(new byte[] { (byte)'\r', (byte)'\r', (byte)'\n' }, "! that line held control characters (only TAB is allowed); it was discarded")]
    [InlineData(new byte[] { (byte)'/', (byte)'n', (byte)'i', (byte)'c', (byte)'k', (byte)' ', 0x1B, (byte)'\n' }, "! that line held control characters (only TAB is allowed); it was discarded")]
    [InlineData(new byte[] { (byte)'/', (byte)'d', (byte)'a', (byte)'n', (byte)'c', (byte)'e', (byte)'\n' }, "! unknown command /dance; /help lists the commands")]
    [InlineData(new byte[] { (byte)'a', 0xE2, 0x82, (byte)'\n' }, "! that line was not valid UTF-8; it was discarded")]
    [InlineData(new byte[] { 0xC0, 0xAF, (byte)'\n' }, "! that line was not valid UTF-8; it was discarded")]
    public async Task A_bad_line_gets_an_error_and_reaches_nobody(byte[] line, string error)
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();

        await a.SendRawAsync(line);
        Assert.Equal(error, await a.NextAsync());

        await a.SendAsync("next");
        Assert.Equal($"[{a.Address}] next", await b.NextChatAsync());
    }

    [Fact]
    public async Task Empty_and_blank_lines_are_ignored_silently()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();

        await a.SendRawAsync("\n\r\n   \n\t\nreal\n"u8.ToArray());

        Assert.Equal($"[{a.Address}] real", await b.NextChatAsync());
        await a.SendAsync("/who");
        Assert.Equal("* in lobby (2):", await a.NextAsync());
    }

    [Fact]
    public async Task A_hostile_first_line_on_the_chat_port_makes_a_plain_session_that_answers_it()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.ConnectAsync();
        await using var client = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false);

        await client.SendRawAsync("\0\u001b[2J\n"u8.ToArray());

        Assert.StartsWith("* welcome to Piazza, " + client.Address, await client.NextAsync());
        Assert.Equal("! that line held control characters (only TAB is allowed); it was discarded", await client.ExpectAsync(l => l.StartsWith("! ", StringComparison.Ordinal)));
        Assert.DoesNotContain(client.Skipped, l => !l.StartsWith("* ", StringComparison.Ordinal));
        await client.SendAsync("hello");
        Assert.Equal($"[{client.Address}] hello", await watcher.NextChatAsync());
    }

    [Fact]
    public async Task A_tab_is_text()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();

        await a.SendAsync("col1\tcol2");

        Assert.Equal($"[{a.Address}] col1\tcol2", await b.NextChatAsync());
    }

    [Fact]
    public async Task Binary_garbage_never_hurts_the_server_or_other_clients()
    {
        // About the parsers: 256 KiB at once is also a flood, which flood control would cut
        // (FloodTests), so it is off here.
        await using var server = await TestServer.StartAsync("Flood:Enabled=false");
        var (a, b) = await server.PlainPairAsync();
        var random = new Random(1234);
        var garbage = new byte[256 * 1024];
        random.NextBytes(garbage);

        await a.SendRawAsync(garbage);
        await a.SendRawAsync("\nafter the garbage\n"u8.ToArray());

        Assert.Equal($"[{a.Address}] after the garbage", await b.ExpectAsync(l => l.EndsWith("after the garbage", StringComparison.Ordinal)));
        await using var c = await server.ConnectAsync();
        await c.SendAsync("fresh");
        Assert.Equal($"[{c.Address}] fresh", await b.ExpectAsync(l => l.EndsWith("fresh", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Ten_thousand_connects_and_disconnects_leak_nothing()
    {
        await using var server = await TestServer.StartAsync();
        const int Total = 10_000;
        const int Parallel = 8;
        var next = 0;

        async Task ConnectAndLeave()
        {
            while (Interlocked.Increment(ref next) is var i && i <= Total)
            {
                var client = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false);
                if (i % 2 == 0)
                {
                    client.Reset();
                }

                await client.DisposeAsync();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => Task.Run(ConnectAndLeave))).WaitAsync(TimeSpan.FromMinutes(3));

        await server.WaitAllClosedAsync();
        Assert.Empty(server.Hub.DefaultRoom.Members);
        Assert.Single(server.Hub.Rooms);
        var (a, b) = await server.PlainPairAsync();
        await a.SendAsync("still serving");
        Assert.Equal($"[{a.Address}] still serving", await b.NextChatAsync());
    }
}
