using System.Net;
using System.Threading.Channels;

using Piazza.Client.Irc;
using Piazza.Client.Model;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>
/// The client given several servers (<c>--server</c>, a cluster's nodes): it connects to the first
/// that answers, skipping one that does not with a message that says so; when its server dies it
/// moves to the next one, round robin, and rejoins its rooms there; the wait between attempts
/// comes once per round, not per server. Two servers that share nothing are enough for the
/// rotation itself; <c>ClusterFailoverTests</c> does it between two nodes of one cluster,
/// where the history fills the gap.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ServerListTests
{
    [Fact]
    public async Task When_its_server_dies_the_client_moves_to_the_next_one_and_rejoins_its_rooms_there()
    {
        await using var first = await TestServer.StartAsync();
        await using var second = await TestServer.StartAsync();

        // The first server as the client reaches it: killing the proxy resets every connection and
        // closes the port, as a killed server would, without a word to the client.
        await using var dying = new TcpProxy(first.IrcEndPoint);
        await using var alice = await TestChatClient.ConnectAsync(TestChatClient.Settings([dying.EndPoint, second.IrcEndPoint], "alice"), "#lobby", "#dev");
        await using var bob = await TestChatClient.ConnectAsync(second.IrcEndPoint, "bob", "#lobby");
        Assert.Equal(Address(dying.EndPoint), await alice.ReadAsync(c => c.State.Address));

        dying.Kill();

        await alice.WaitForLineAsync("#lobby", l => l.Kind == LineKind.Gap && l.Text.StartsWith("Disconnected", StringComparison.Ordinal));
        var reconnected = $"Reconnected to {Address(second.IrcEndPoint)}.";
        await alice.WaitForLineAsync("#lobby", l => l.Kind == LineKind.Gap && l.Text == reconnected);
        await alice.WaitForLineAsync("#dev", l => l.Kind == LineKind.Gap && l.Text == reconnected);
        await alice.WaitUntilAsync(c => c.IsReady && c.State.Find("#lobby")!.IsJoined && c.State.Find("#dev")!.IsJoined);
        Assert.Equal(Address(second.IrcEndPoint), await alice.ReadAsync(c => c.State.Address));
        await bob.WaitForLineAsync("#lobby", l => l.Text == "alice joined #lobby");

        // Chatting goes on, both ways, on the second server.
        await alice.TypeAsync("/join #lobby");
        await alice.TypeAsync("here again, on the other server");
        await bob.WaitForMessageAsync("#lobby", "alice", "here again, on the other server");
        await bob.TypeAsync("welcome back");
        await alice.WaitForMessageAsync("#lobby", "bob", "welcome back");
    }

    [Fact]
    public async Task A_server_in_the_list_that_does_not_answer_is_skipped_with_a_message_naming_it_and_the_next()
    {
        await using var server = await TestServer.StartAsync();
        var nobody = new IPEndPoint(IPAddress.Loopback, ClientProcess.UnusedPort());

        await using var alice = await TestChatClient.ConnectAsync(TestChatClient.Settings([nobody, server.IrcEndPoint], "alice"), "#lobby");

        var skipped = await alice.WaitForLineAsync(null, l => l.Kind == LineKind.Error && l.Text.StartsWith($"Cannot connect to {Address(nobody)}: ", StringComparison.Ordinal));
        Assert.EndsWith($"; trying {Address(server.IrcEndPoint)}.", skipped.Text, StringComparison.Ordinal);
        Assert.Equal(Address(server.IrcEndPoint), await alice.ReadAsync(c => c.State.Address));
        Assert.True(await alice.ReadAsync(c => c.State.Find("#lobby")!.IsJoined));
    }

    [Fact]
    public async Task When_no_server_in_the_list_answers_the_first_connection_fails_naming_each()
    {
        var one = new IPEndPoint(IPAddress.Loopback, ClientProcess.UnusedPort());
        var two = new IPEndPoint(IPAddress.Loopback, ClientProcess.UnusedPort());
        var connection = new ChatConnection(TestChatClient.Settings([one, two], "alice"), _ => { });

        var failure = await Assert.ThrowsAsync<ConnectionFailedException>(() => connection.RunAsync(CancellationToken.None).WaitAsync(TestServer.Timeout));

        Assert.StartsWith($"cannot connect to {Address(one)}: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"; cannot connect to {Address(two)}: ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_drop_the_client_waits_once_then_passes_a_dead_server_at_once_to_the_next()
    {
        await using var first = await TestServer.StartAsync();
        await using var last = await TestServer.StartAsync();
        await using var dying = new TcpProxy(first.IrcEndPoint);
        var dead = new IPEndPoint(IPAddress.Loopback, ClientProcess.UnusedPort());
        var events = Channel.CreateUnbounded<ClientEvent>();
        var connection = new ChatConnection(TestChatClient.Settings([dying.EndPoint, dead, last.IrcEndPoint], "alice"), e => events.Writer.TryWrite(e));
        using var stop = new CancellationTokenSource();
        var run = connection.RunAsync(stop.Token);
        try
        {
            await NextAsync<RegisteredEvent>(events);

            dying.Kill();
            var after = new List<ClientEvent>();
            while (after.LastOrDefault() is not RegisteredEvent)
            {
                var e = await NextAsync<ClientEvent>(events);
                if (e is ConnectingEvent or DisconnectedEvent or ReconnectCountdownEvent or RegisteredEvent)
                {
                    after.Add(e);
                }
            }

            // The drop, one wait (its countdown), the dead server, at once the next: round robin from the one that dropped.
            var shape = after.Select(e => e switch
            {
                ConnectingEvent c => "connecting " + c.Server,
                DisconnectedEvent => "disconnected",
                ReconnectCountdownEvent => "countdown",
                _ => "registered",
            }).Distinct().ToList();
            Assert.Equal(["disconnected", "countdown", $"connecting {Address(dead)}", $"connecting {Address(last.IrcEndPoint)}", "registered"], shape);
            var deadFailure = Assert.Single(after.OfType<DisconnectedEvent>(), d => d.Reason.Contains(Address(dead), StringComparison.Ordinal));
            var sinceDead = after.SkipWhile(e => !ReferenceEquals(e, deadFailure)).ToList();
            Assert.DoesNotContain(sinceDead, e => e is ReconnectCountdownEvent);
        }
        finally
        {
            connection.Quit("done");
            await stop.CancelAsync();
            await run.WaitAsync(TestServer.Timeout);
        }
    }

    private static string Address(IPEndPoint endPoint) => new ServerAddress(endPoint.Address.ToString(), endPoint.Port).ToString();

    /// <summary>The next event of type <typeparamref name="T"/>, skipping others; within <see cref="TestServer.Timeout"/>.</summary>
    private static async Task<T> NextAsync<T>(Channel<ClientEvent> events)
        where T : ClientEvent
    {
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        while (true)
        {
            if (await events.Reader.ReadAsync(timeout.Token) is T found)
            {
                return found;
            }
        }
    }
}
