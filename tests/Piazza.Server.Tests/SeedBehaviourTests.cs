using Piazza.Testing;

namespace Piazza.Server.Tests;

/// <summary>The seed system's behaviour, line by line (VISION.md, "What the seed system does").</summary>
[Trait("Category", "Slow")]
public sealed class SeedBehaviourTests
{
    [Fact]
    public async Task A_line_reaches_every_other_client_prefixed_with_the_senders_ip_and_port()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();
        await using var c = await server.ConnectAsync();

        await a.SendAsync("hello");

        Assert.Equal($"[{a.Address}] hello", await b.NextChatAsync());
        Assert.Equal($"[{a.Address}] hello", await c.NextChatAsync());
        Assert.Matches(@"^\[127\.0\.0\.1:\d+\] hello$", $"[{a.Address}] hello");
    }

    [Fact]
    public async Task The_sender_never_gets_its_own_line_back()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();

        await a.SendAsync("hello");
        await b.ExpectAsync($"[{a.Address}] hello");
        await b.SendAsync("marker");

        // Had the server echoed "hello" to a, it would have been queued before the marker.
        Assert.Equal($"[{b.Address}] marker", await a.NextChatAsync());
    }

    [Fact]
    public async Task Exit_says_bye_closes_the_connection_and_drops_the_client_at_once()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();

        await a.SendAsync("exit");

        Assert.Equal("* bye", (await a.WaitClosedAsync()).Last());
        await b.ExpectAsync($"* {a.Address} quit");
        Assert.Equal(1, server.Hub.MemberCount);
        Assert.Single(server.Hub.DefaultRoom.Members);
    }

    [Fact]
    public async Task A_client_that_closes_its_socket_is_dropped_and_others_are_told()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();

        a.CloseOutput();

        await b.ExpectAsync($"* {a.Address} quit (connection closed)");
        await a.WaitClosedAsync();
        Assert.Equal(1, server.Hub.MemberCount);
    }

    [Fact]
    public async Task A_client_that_vanishes_with_a_reset_is_dropped_and_others_are_told()
    {
        await using var server = await TestServer.StartAsync();
        var a = await server.ConnectAsync();
        await using var b = await server.ConnectAsync();

        a.Reset();

        await b.ExpectAsync(line => line.StartsWith($"* {a.Address} quit (connection ", StringComparison.Ordinal));
        Assert.Equal(1, server.Hub.MemberCount);
        await a.DisposeAsync();
    }

    [Fact]
    public async Task Half_a_line_then_closing_sends_nothing_of_it()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();

        await a.SendRawAsync("this line never ends"u8.ToArray());
        a.CloseOutput();

        await b.ExpectAsync($"* {a.Address} quit (connection closed)");
        Assert.DoesNotContain(b.Skipped, line => line.Contains("never ends", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Half_a_line_then_vanishing_sends_nothing_of_it()
    {
        await using var server = await TestServer.StartAsync();
        var a = await server.ConnectAsync();
        await using var b = await server.ConnectAsync();

        await a.SendRawAsync("this line never ends"u8.ToArray());
        a.Reset();

        await b.ExpectAsync(line => line.StartsWith($"* {a.Address} quit (connection ", StringComparison.Ordinal));
        Assert.DoesNotContain(b.Skipped, line => line.Contains("never ends", StringComparison.Ordinal));
        await a.DisposeAsync();
    }

    [Fact]
    public async Task Every_kind_of_disconnect_returns_the_connection_count_to_zero()
    {
        await using var server = await TestServer.StartAsync();
        var polite = await server.ConnectAsync();
        var closer = await server.ConnectAsync();
        var vanisher = await server.ConnectAsync();
        Assert.Equal(3, server.Connections.Open);

        await polite.SendAsync("exit");
        await polite.WaitClosedAsync();
        closer.CloseOutput();
        vanisher.Reset();

        await server.WaitAllClosedAsync();
        Assert.Empty(server.Hub.DefaultRoom.Members);
        await polite.DisposeAsync();
        await closer.DisposeAsync();
        await vanisher.DisposeAsync();
    }

    [Fact]
    public async Task CRLF_line_endings_work_like_LF()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();

        await a.SendRawAsync("from telnet\r\n"u8.ToArray());

        Assert.Equal($"[{a.Address}] from telnet", await b.NextChatAsync());
    }
}
