using System.Diagnostics;

using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>The chat port speaks both protocols, told apart by the first line (or by silence).</summary>
[Trait("Category", "Slow")]
public sealed class ChatPortDetectionTests
{
    [Theory]
    [InlineData("NICK porter")]
    [InlineData("USER porter 0 * :Porter")]
    [InlineData("CAP LS 302")]
    [InlineData("PASS anything")]
    public async Task An_irc_client_on_the_chat_port_registers_whatever_it_sends_first_and_talks_with_plain_users(string first)
    {
        string[] registration = ["CAP LS 302", "PASS anything", "NICK porter", "USER porter 0 * :Porter", "CAP END"];
        await using var server = await TestServer.StartAsync();
        await using var bob = await server.ConnectAsync();
        await using var irc = await IrcClient.ConnectAsync(server.EndPoint);

        await irc.SendAsync(first);
        foreach (var line in registration.Where(l => l != first))
        {
            await irc.SendAsync(line);
        }

        await irc.ExpectAsync("001");
        await irc.JoinAsync("#lobby");
        Assert.Equal("* porter joined lobby", await bob.NextAsync());
        await irc.SendAsync("PRIVMSG #lobby :same port");
        Assert.Equal("[porter] same port", await bob.NextChatAsync());
    }

    [Fact]
    public async Task An_irc_client_that_starts_with_cap_on_the_chat_port_negotiates()
    {
        await using var server = await TestServer.StartAsync();
        await using var irc = await IrcClient.ConnectAsync(server.EndPoint);

        await irc.RegisterAsync("capper", "server-time", "echo-message");
        await irc.JoinAsync("#lobby");
        await irc.SendAsync("PRIVMSG #lobby :echoed");
        Assert.True((await irc.ExpectAsync("PRIVMSG")).Tags.ContainsKey("time"));
    }

    [Fact]
    public async Task A_plain_client_that_says_nothing_gets_its_welcome_after_the_detection_wait()
    {
        await using var server = await TestServer.StartAsync();
        var clock = Stopwatch.StartNew();

        await using var silent = await LineClient.ConnectAsync(server.EndPoint, readWelcome: true, announce: false);

        Assert.True(clock.ElapsedMilliseconds >= 400, $"welcomed after {clock.ElapsedMilliseconds} ms, before the detection wait");
        await silent.NickAsync("quiet");
    }

    [Fact]
    public async Task A_plain_first_line_that_starts_like_an_irc_command_stays_plain_chat()
    {
        await using var server = await TestServer.StartAsync();
        await using var bob = await server.ConnectAsync();
        await using var chatty = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false);

        await chatty.SendAsync("nick names are fun");

        Assert.StartsWith("* welcome to Piazza, ", await chatty.NextAsync(), StringComparison.Ordinal);
        Assert.Equal($"[{chatty.Address}] nick names are fun", await bob.NextChatAsync());
    }
}
