using System.Diagnostics;

using Piazza.Server.Tests.Accounts;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Cluster;

/// <summary>
/// Three nodes of one cluster as real processes (the server executable, as deploy/cluster.sh
/// runs it) over a real Redis and PostgreSQL; one is killed with SIGKILL mid-conversation, as a
/// crash or a power cut would take it: it says goodbye to no one.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterNodeLossTests : IAsyncLifetime
{
    /// <summary>The failure detection the nodes run with (Cluster:FailureDetectionSeconds).</summary>
    private const int FailureDetectionSeconds = 3;

    private ProcessCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ProcessCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_killed_nodes_members_leave_every_room_and_the_others_chat_on_with_nothing_they_saw_lost()
    {
        var nodes = await _cluster.StartNodesAsync("kill", [$"Cluster:FailureDetectionSeconds={FailureDetectionSeconds}", "Flood:Enabled=false", .. AccountSettings.Fast]);
        await using var n1 = nodes[0];
        await using var n2 = nodes[1];
        await using var n3 = nodes[2];

        // alice (plain) on n1, irene (IRC) on n2, carol (plain) and dan (IRC) on n3: all in the lobby.
        await using var alice = await LineClient.ConnectAsync(n1.EndPoint);
        await alice.NickAsync("alice");
        await using var irene = await IrcClient.ConnectAsync(n2.IrcEndPoint!, "irene");
        await irene.JoinAsync("#lobby");
        await using var carol = await LineClient.ConnectAsync(n3.EndPoint);
        await carol.NickAsync("carol");
        await using var dan = await IrcClient.ConnectAsync(n3.IrcEndPoint!, "dan", "echo-message");
        await dan.JoinAsync("#lobby");
        string[] everyone = ["alice", "carol", "dan", "irene"];
        await WhoAsync(alice, until: everyone);
        await NamesAsync(irene, until: everyone);

        // A conversation across the three nodes: each line reaches the others.
        await alice.SendAsync("alice before");
        await irene.SendAsync("PRIVMSG #lobby :irene before");
        await carol.SendAsync("carol before");
        // Each sender's order holds everywhere (one order across senders: ClusterChatTests).
        Assert.Equal(["[carol] carol before", "[irene] irene before"], new[] { await alice.NextChatAsync(), await alice.NextChatAsync() }.Order(StringComparer.Ordinal));
        var ireneBefore = new[] { (await irene.ExpectAsync("PRIVMSG")).Last, (await irene.ExpectAsync("PRIVMSG")).Last };
        Assert.Equal(["alice before", "carol before"], ireneBefore.Order(StringComparer.Ordinal));

        // n3 dies mid-conversation, its members talking as it dies; alice and irene keep talking meanwhile.
        await carol.SendAsync("carol's last words, maybe unseen");
        await dan.SendAsync("PRIVMSG #lobby :dan 1");
        var firstEcho = await dan.ExpectAsync(l => l.Is("PRIVMSG") && l.SourceNick == "dan");
        for (var k = 2; k <= 5; k++)
        {
            await dan.SendAsync($"PRIVMSG #lobby :dan {k}");
        }

        var clock = Stopwatch.StartNew();
        await n3.KillAsync();
        await alice.SendAsync("alice during");
        await irene.SendAsync("PRIVMSG #lobby :irene during");

        // What n3 acknowledged to dan (echo-message) before it died: each of those must survive it.
        List<string> acknowledged = [firstEcho.Last, .. (await dan.WaitClosedAsync()).Where(l => l.Is("PRIVMSG") && l.SourceNick == "dan").Select(l => l.Last)];

        // Each survivor sees each of n3's members quit once, with the reason, within the failure detection and a margin.
        var aliceSaw = new List<string>();
        var quits = new HashSet<string>();
        while (quits.Count < 2)
        {
            var line = await alice.NextAsync();
            aliceSaw.Add(line);
            if (line is "* carol quit (node lost)" or "* dan quit (node lost)")
            {
                Assert.True(quits.Add(line), $"{line} twice");
            }
        }

        if (!aliceSaw.Contains("[irene] irene during"))
        {
            await alice.ExpectAsync("[irene] irene during");
        }

        var ireneQuits = new HashSet<string>();
        var ireneSaw = new List<string>();
        while (ireneQuits.Count < 2)
        {
            var line = await irene.NextAsync();
            if (line.Is("QUIT"))
            {
                Assert.Equal("node lost", line.Last);
                Assert.True(ireneQuits.Add(line.SourceNick!), $"{line.SourceNick} quit twice");
            }
            else if (line.Is("PRIVMSG"))
            {
                ireneSaw.Add($"[{line.SourceNick}] {line.Last}");
            }
        }

        var detected = clock.Elapsed;
        Assert.Equal(["carol", "dan"], ireneQuits.Order());
        Assert.True(detected < TimeSpan.FromSeconds(FailureDetectionSeconds * 5), $"the quits came {detected.TotalSeconds:F1} s after the kill");

        // No ghost on either survivor, and the conversation goes on between them.
        Assert.Equal(["alice", "irene"], await WhoAsync(alice, until: ["alice", "irene"]));
        Assert.Equal(["alice", "irene"], await NamesAsync(irene, until: ["alice", "irene"]));
        await alice.SendAsync("alice after");
        await irene.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == "alice after");

        // n3's members' lines both survivors saw, they saw in one order.
        static bool FromDeadNode(string line) => line.StartsWith("[carol] ", StringComparison.Ordinal) || line.StartsWith("[dan] ", StringComparison.Ordinal);
        var aliceFromN3 = aliceSaw.Where(FromDeadNode).ToList();
        var ireneFromN3 = ireneSaw.Where(FromDeadNode).ToList();
        Assert.Equal(aliceFromN3.Where(ireneFromN3.Contains), ireneFromN3.Where(aliceFromN3.Contains));

        // What anyone saw, and what n3 acknowledged to dan, is in the shared history, once each, whichever node replays it.
        string[] seen =
        [
            "[alice] alice before", "[irene] irene before", "[carol] carol before", "[alice] alice during", "[irene] irene during", "[alice] alice after",
            .. aliceFromN3, .. ireneFromN3, .. acknowledged.Select(text => "[dan] " + text),
        ];
        foreach (var node in new[] { n1, n2 })
        {
            await using var late = await LineClient.ConnectAsync(node.EndPoint, readWelcome: false);
            var replay = new List<string>();
            await late.ExpectAsync(l => l.StartsWith("* history of lobby", StringComparison.Ordinal));
            for (var line = await late.NextAsync(); line != "* --- live chat in lobby from here ---"; line = await late.NextAsync())
            {
                replay.Add(line);
            }

            foreach (var line in seen.Distinct())
            {
                var times = replay.Count(l => l.EndsWith(line, StringComparison.Ordinal));
                Assert.True(times == 1, $"node {node.EndPoint}'s replay has '{line}' {times} times: {string.Join(" | ", replay)}");
            }
        }
    }

    /// <summary>The lobby's members as plain /who lists them, asked again until they are <paramref name="until"/> (rosters cross nodes a moment after a join or a node's death).</summary>
    private static async Task<string[]> WhoAsync(LineClient client, string[] until)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await client.SendAsync("/who lobby");
            var header = await client.ExpectAsync(l => l.StartsWith("* in lobby (", StringComparison.Ordinal));
            var count = int.Parse(header["* in lobby (".Length..header.IndexOf(')', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            var names = new List<string>();
            while (names.Count < count)
            {
                names.AddRange((await client.NextAsync()).TrimStart('*', ' ').Split(' '));
            }

            string[] sorted = [.. names.Order(StringComparer.Ordinal)];
            if (sorted.SequenceEqual(until) || clock.Elapsed > TestServer.Timeout)
            {
                return sorted;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>The lobby's members as IRC NAMES lists them (without prefixes), asked again until they are <paramref name="until"/>.</summary>
    private static async Task<string[]> NamesAsync(IrcClient client, string[] until)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await client.SendAsync("NAMES #lobby");
            var lines = await client.ReadUntilAsync(l => l.Is("366"));
            string[] names = [.. lines.Where(l => l.Is("353")).SelectMany(l => l.Last.Split(' ')).Select(n => n.TrimStart('@', '+')).Order(StringComparer.Ordinal)];
            if (names.SequenceEqual(until) || clock.Elapsed > TestServer.Timeout)
            {
                return names;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
