using System.Text.RegularExpressions;

using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

using Xunit.Abstractions;

namespace Piazza.Client.Tests.ProcessLevel;

/// <summary>
/// The piazza executable in line mode against ngIRCd, a plain IRC server with none of Piazza's
/// extensions (no echo-message, server-time or history; only multi-prefix): the client must
/// still register, join, chat, message privately and find a free nick.
/// </summary>
[Trait("Category", "Slow")]
public sealed class NgircdInteropTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Two_clients_join_the_lobby_on_ngircd_and_chat_both_ways()
    {
        await using var server = await NgircdServer.StartAsync();
        await using var alice = await JoinLobbyAsync(server, "alice");
        await using var bob = await JoinLobbyAsync(server, "bob");
        await alice.WaitForBodyAsync("* bob joined #lobby");

        await alice.SendLineAsync("hello from alice");
        await bob.WaitForBodyAsync("<alice> hello from alice");
        await bob.SendLineAsync("hello from bob");
        await alice.WaitForBodyAsync("<bob> hello from bob");
        await alice.SendLineAsync("/me waves");
        await bob.WaitForBodyAsync("* alice waves");

        // Without echo-message the client shows its own words itself: line mode still leaves them out.
        Assert.DoesNotContain(alice.Output, l => l.Contains("<alice>", StringComparison.Ordinal));

        await alice.CloseInputAsync();
        Assert.Equal(0, await alice.WaitForExitAsync());
        await bob.WaitForLineAsync(l => ClientProcess.Body(l).StartsWith("* alice quit", StringComparison.Ordinal), "\"* alice quit\"");
    }

    [Fact]
    public async Task A_private_message_on_ngircd_shows_with_the_senders_name()
    {
        await using var server = await NgircdServer.StartAsync();
        await using var alice = await JoinLobbyAsync(server, "alice");
        await using var bob = await JoinLobbyAsync(server, "bob");
        await alice.WaitForBodyAsync("* bob joined #lobby");

        await alice.SendLineAsync("/msg bob psst");
        var line = await bob.WaitForLineAsync(l => l.Contains("psst", StringComparison.Ordinal), "alice's private message");
        Assert.Equal("alice <alice> psst", ClientProcess.Body(line));

        await bob.SendLineAsync("/msg alice yes?");
        line = await alice.WaitForLineAsync(l => l.Contains("yes?", StringComparison.Ordinal), "bob's private answer");
        Assert.Equal("bob <bob> yes?", ClientProcess.Body(line));
    }

    [Fact]
    public async Task A_taken_nick_on_ngircd_gets_the_next_free_one()
    {
        await using var server = await NgircdServer.StartAsync();
        await using var holder = await IrcClient.ConnectAsync(server.EndPoint, "dave");

        await using var dave = await JoinLobbyAsync(server, "dave", expectedNick: "dave2");

        Assert.Contains(dave.Output, l => Regex.IsMatch(l, @"\bdave\b.*\btaken\b.*\bdave2\b"));
        await holder.SendAsync("PRIVMSG dave2 :second dave?");
        var line = await dave.WaitForLineAsync(l => l.Contains("second dave?", StringComparison.Ordinal), "the holder's message");
        Assert.Equal("dave <dave> second dave?", ClientProcess.Body(line));
    }

    /// <summary>Starts a client as <paramref name="nick"/> and waits until it is in #lobby (from then on it reads its input).</summary>
    private async Task<ClientProcess> JoinLobbyAsync(NgircdServer server, string nick, string? expectedNick = null)
    {
        var client = ClientProcess.Connect(server.EndPoint, nick, log);
        try
        {
            await client.WaitForBodyAsync($"* Connected to {NgircdServer.Name} as {expectedNick ?? nick}.");
            await client.WaitForBodyAsync("* You joined #lobby");
            return client;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await client.DisposeAsync();
            throw new InvalidOperationException($"{ex.Message}\n--- ngIRCd said:\n{server.Output()}", ex);
        }
    }
}
