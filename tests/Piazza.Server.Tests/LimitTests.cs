using System.Text;

using Piazza.Testing;

namespace Piazza.Server.Tests;

/// <summary>Each limit in ChatOptions, enforced with a clear error and without losing the connection.</summary>
[Trait("Category", "Slow")]
public sealed class LimitTests
{
    [Fact]
    public async Task An_overlong_line_gets_an_error_is_discarded_and_the_connection_stays()
    {
        await using var server = await TestServer.StartAsync("Chat:MaxLineBytes=100");
        var (a, b) = await server.PlainPairAsync();

        await a.SendAsync(new string('x', 100));
        Assert.Equal($"[{a.Address}] {new string('x', 100)}", await b.NextChatAsync());

        await a.SendAsync(new string('y', 101));
        Assert.Equal("! line too long (the most is 100 bytes); it was discarded", await a.NextAsync());

        await a.SendAsync("still here");
        Assert.Equal($"[{a.Address}] still here", await b.NextChatAsync());
        Assert.DoesNotContain(b.Skipped, l => l.Contains('y', StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_100_kilobyte_line_without_a_newline_gets_one_error_and_the_next_line_works()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();

        await a.SendRawAsync(Encoding.ASCII.GetBytes(new string('z', 100 * 1024)));
        Assert.Equal("! line too long (the most is 2048 bytes); it was discarded", await a.NextAsync());
        await a.SendRawAsync("zzz\nafter\n"u8.ToArray());

        Assert.Equal($"[{a.Address}] after", await b.NextChatAsync());
        await a.SendAsync("/who");
        Assert.Equal("* in lobby (2):", await a.NextAsync());
    }

    [Fact]
    public async Task A_client_past_the_connection_limit_is_told_why_and_closed()
    {
        await using var server = await TestServer.StartAsync("Chat:MaxConnections=2");
        var (a, b) = await server.PlainPairAsync();

        await using var refused = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false);

        Assert.Equal(["! server full (2 connections); try again later"], await refused.WaitClosedAsync());
        await a.SendAsync("still fine");
        Assert.Equal($"[{a.Address}] still fine", await b.NextChatAsync());
        Assert.Equal(2, server.Connections.Open);

        await a.SendAsync("exit");
        await a.WaitClosedAsync();
        await using var c = await server.ConnectAsync();
    }

    [Fact]
    public async Task Rooms_per_client_are_limited()
    {
        await using var server = await TestServer.StartAsync("Chat:MaxRoomsPerMember=3");
        await using var a = await server.ConnectAsync();

        await a.SendAsync("/join r1");
        await a.SendAsync("/join r2");
        await a.SendAsync("/join r3");

        Assert.Equal("! you are in 3 rooms, the most allowed; /part one first", await a.ExpectAsync(l => l.StartsWith("! ", StringComparison.Ordinal)));
        await a.SendAsync("/part lobby");
        await a.SendAsync("/join r3");
        await a.ExpectAsync("* you are in r3; nobody else is here");
    }

    [Fact]
    public async Task Nick_room_and_topic_lengths_are_limited()
    {
        await using var server = await TestServer.StartAsync("Chat:MaxNickLength=5", "Chat:MaxRoomNameLength=5", "Chat:MaxTopicLength=6");
        await using var a = await server.ConnectAsync();

        await a.SendAsync("/nick abcdef");
        Assert.Equal("! invalid nickname abcdef: a nickname has at most 5 characters", await a.NextAsync());
        await a.NickAsync("abcde");

        await a.SendAsync("/join #abcdef");
        Assert.Equal("! invalid room name #abcdef: a room name has at most 5 characters", await a.NextAsync());
        await a.SendAsync("/join #abcd");
        await a.ExpectAsync("* you are in abcd; nobody else is here");

        await a.SendAsync("/topic ééé!");
        Assert.Equal("! a topic has at most 6 bytes", await a.NextAsync());
        await a.SendAsync("/topic ééé");
        Assert.Equal("* you set the topic of abcd: ééé", await a.NextAsync());
    }
}
