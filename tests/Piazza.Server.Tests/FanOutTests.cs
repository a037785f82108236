using System.Globalization;
using System.Net.Sockets;

using Piazza.Testing;

namespace Piazza.Server.Tests;

/// <summary>Many clients at once: nothing lost, nothing duplicated, per-sender order kept, and a client that never reads hurts nobody.</summary>
[Trait("Category", "Slow")]
public sealed class FanOutTests
{
    private const int Clients = 200;
    private const string SendQueueExceeded = " quit (send queue exceeded)";

    [Fact]
    public async Task Two_hundred_clients_each_receive_every_other_clients_messages_in_order()
    {
        const int MessagesEach = 10;
        await using var server = await TestServer.StartAsync();
        var clients = await ConnectNamedAsync(server, Clients);
        try
        {
            // Everyone sends at once; everyone reads at once.
            var sending = clients.Select(c => Task.Run(async () =>
            {
                for (var seq = 0; seq < MessagesEach; seq++)
                {
                    await c.SendAsync($"m {seq}");
                }
            }));
            var receiving = clients.Select(c => ReceiveChatAsync(c, (Clients - 1) * MessagesEach));
            await Task.WhenAll(sending);
            var received = await Task.WhenAll(receiving);

            for (var i = 0; i < Clients; i++)
            {
                AssertEverythingInOrder(received[i], self: i, MessagesEach);
            }
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_while_two_hundred_others_keep_chatting()
    {
        await using var server = await TestServer.StartAsync("Chat:MaxSendQueueBytes=65536");
        var clients = await ConnectNamedAsync(server, Clients);
        using var sloth = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await sloth.ConnectAsync(server.EndPoint).WaitAsync(TestServer.Timeout);
        await sloth.SendAsync("/nick sloth\n"u8.ToArray());
        await Task.WhenAll(clients.Select(c => c.ExpectAsync(l => l.EndsWith(" is now known as sloth", StringComparison.Ordinal))));
        var payload = new string('p', 100);
        var notices = clients.Select(_ => new List<string>()).ToArray();
        var rounds = 0;
        try
        {
            // Round by round, everyone reading each round in full, until the server gives up on
            // the client that never reads (bounded). Every round must reach every reader whole.
            while (server.Hub.MemberCount > Clients && rounds < 500)
            {
                var round = rounds++;
                await Task.WhenAll(clients.Select(c => c.SendAsync($"m {round} {payload}")));
                await Task.WhenAll(clients.Select((c, i) => ReadRoundAsync(c, i, round, payload, notices[i])));
            }

            Assert.True(rounds < 500, "the client that never reads was never dropped");
            Assert.Equal(Clients, server.Hub.MemberCount);

            // Everyone is told why it left (the notice may still be on its way: read up to a marker).
            for (var i = 0; i < Clients; i++)
            {
                await clients[i].SendAsync("/who");
                await clients[i].ExpectAsync($"* in lobby ({Clients}):");
                Assert.Contains(notices[i].Concat(clients[i].Skipped), n => n.EndsWith(SendQueueExceeded, StringComparison.Ordinal));
            }

            // The server closed the sloth's connection: reading drains what it sent, then ends.
            var buffer = new byte[64 * 1024];
            using var drained = new CancellationTokenSource(TestServer.Timeout);
            try
            {
                while (await sloth.ReceiveAsync(buffer, SocketFlags.None, drained.Token) > 0)
                {
                }
            }
            catch (SocketException)
            {
                // A reset is a close too.
            }
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static async Task<LineClient[]> ConnectNamedAsync(TestServer server, int count)
    {
        var clients = new LineClient[count];
        for (var i = 0; i < count; i++)
        {
            clients[i] = await server.ConnectAsync($"c{i}");
        }

        // Everyone has seen every join and nick once the last nick change reaches them.
        await Task.WhenAll(clients.Take(count - 1).Select(c => c.ExpectAsync($"* {clients[^1].Address} is now known as c{count - 1}")));
        return clients;
    }

    private static async Task<List<string>> ReceiveChatAsync(LineClient client, int expected)
    {
        var lines = new List<string>();
        while (lines.Count < expected)
        {
            lines.Add(await client.NextChatAsync());
        }

        return lines;
    }

    /// <summary>Reads one round: exactly one message from every other client; notices go aside.</summary>
    private static async Task ReadRoundAsync(LineClient client, int self, int round, string payload, List<string> notices)
    {
        var seen = new bool[Clients];
        for (var count = 0; count < Clients - 1;)
        {
            var line = await client.NextAsync();
            if (line.StartsWith("* ", StringComparison.Ordinal))
            {
                notices.Add(line);
                continue;
            }

            var sender = SenderOf(line);
            Assert.Equal($"[c{sender}] m {round} {payload}", line);
            Assert.NotEqual(self, sender);
            Assert.False(seen[sender], $"c{self} got c{sender}'s round {round} twice");
            seen[sender] = true;
            count++;
        }
    }

    private static void AssertEverythingInOrder(List<string> lines, int self, int messagesEach)
    {
        var nextSeq = new int[Clients];
        foreach (var line in lines)
        {
            // "[c12] m 3"
            var sender = SenderOf(line);
            var seq = int.Parse(line.AsSpan(line.IndexOf(']', StringComparison.Ordinal) + 4), CultureInfo.InvariantCulture);
            Assert.NotEqual(self, sender);
            Assert.Equal(nextSeq[sender], seq);
            nextSeq[sender]++;
        }

        for (var sender = 0; sender < Clients; sender++)
        {
            Assert.Equal(sender == self ? 0 : messagesEach, nextSeq[sender]);
        }
    }

    private static int SenderOf(string line) =>
        int.Parse(line.AsSpan(2, line.IndexOf(']', StringComparison.Ordinal) - 2), CultureInfo.InvariantCulture);
}
