using Piazza.Server.Tests.Accounts;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Server.Tests.Operators;
using Piazza.Testing;

namespace Piazza.Server.Tests.Cluster;

/// <summary>
/// What holds on every node of a cluster at once, not in one room: server bans and the nicks of
/// accounts. Three nodes as real processes (the server executable, as deploy/cluster.sh runs it)
/// over a real Redis and PostgreSQL, all running before the change is made, so each node learns of
/// a change made on another only live, through the cluster (not from the store at its start).
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterServerWideTests : IAsyncLifetime
{
    private ProcessCluster _cluster = null!;
    private ServerProcess[] _nodes = [];

    public async Task InitializeAsync()
    {
        _cluster = await ProcessCluster.StartAsync();
        _nodes = await _cluster.StartNodesAsync("wide", [.. OperatorAccounts.Settings, "Flood:Enabled=false", .. AccountSettings.Fast]);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_kline_on_one_node_cuts_its_match_on_another_and_refuses_it_on_the_third_until_an_unkline_there()
    {
        var (n1, n2, n3) = (_nodes[0], _nodes[1], _nodes[2]);
        await using var root1 = await OperAsync(n1, "root1");
        await using var spammer = await IrcClient.ConnectAsync(n2.IrcEndPoint!, "spammer");
        await using var witness = await IrcClient.ConnectAsync(n2.IrcEndPoint!, "witness");
        await IrcClient.JoinAllAsync("#dev", witness, spammer);

        // Set on n1, where nobody matches: n2 cuts spammer as n1 would have, with the same words.
        await root1.SendAsync("KLINE spammer* :links everywhere");
        Assert.EndsWith("(links everywhere); 0 client(s) cut", (await root1.ExpectAsync("NOTICE")).Last, StringComparison.Ordinal);
        Assert.Equal(1L, (long)(await _cluster.Postgres.ScalarAsync(_cluster.Database, "SELECT count(*) FROM piazza.server_bans"))!);
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Banned (links everywhere))", Assert.Single(await spammer.WaitClosedAsync()).Raw);
        var quit = await witness.ExpectAsync("QUIT");
        Assert.Equal(["spammer", "Banned (links everywhere)"], [quit.SourceNick!, quit.Last]);

        // n3 refuses a nick the mask matches, once it has the ban (its log says so).
        await n3.WaitForOutputAsync(l => l.Contains("Cluster: server ban on spammer*!*@* set by root1", StringComparison.Ordinal));
        await using (var back = await IrcClient.ConnectAsync(n3.IrcEndPoint!))
        {
            await back.SendAsync("NICK spammer2");
            await back.SendAsync("USER s 0 * :s");
            var refused = await back.WaitClosedAsync();
            Assert.Equal(["465", "ERROR"], refused.Select(l => l.Command));
            Assert.Equal("You are banned from this server: links everywhere", refused[0].Last);
        }

        // Lifted on n3 by its own operator: lifted on n1 too, which lets spammer in again.
        await using var root3 = await OperAsync(n3, "root3");
        await root3.SendAsync("UNKLINE spammer*");
        Assert.Equal("Lifted the server ban on spammer*!*@*", (await root3.ExpectAsync("NOTICE")).Last);
        await n1.WaitForOutputAsync(l => l.Contains("Cluster: server ban on spammer*!*@* lifted", StringComparison.Ordinal));
        await using var again = await IrcClient.ConnectAsync(n1.IrcEndPoint!, "spammer");
        Assert.Empty(await again.SyncAsync());
        Assert.Empty(await witness.SyncAsync());

        // The shared store has the lift too: no ban is left for a node's next start.
        Assert.Equal(0L, (long)(await _cluster.Postgres.ScalarAsync(_cluster.Database, "SELECT count(*) FROM piazza.server_bans"))!);
    }

    [Fact]
    public async Task An_account_registered_on_one_node_reserves_its_nick_on_another_at_once()
    {
        var (n1, n2) = (_nodes[0], _nodes[1]);
        await using var alice = await IrcClient.ConnectAsync(n1.IrcEndPoint!, "alice");
        await alice.SendAsync($"REGISTER * * :{AccountSettings.Password}");
        await alice.ExpectAsync("900");

        // n2 has the account from n1 (not from a login there), and alice lets the nick go.
        await n2.WaitForOutputAsync(l => l.Contains("Cluster: account alice registered on node", StringComparison.Ordinal));
        await alice.ChangeNickAsync("alicia");

        // mallory on n2 takes it once its grain has let it go: reserved, as on one server.
        await using var mallory = await IrcClient.ConnectAsync(n2.IrcEndPoint!, "mallory");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await mallory.SendAsync("NICK alice");
            if ((await mallory.ExpectAsync(l => l.Is("NICK") || l.Is("433"), allowErrors: true)).Is("NICK"))
            {
                break;
            }

            Assert.True(clock.Elapsed < TestServer.Timeout, "alice's nick was not let go within the timeout");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        var warning = await mallory.ExpectAsync("NOTICE");
        Assert.Equal(["alice", "alice is a registered nick: log in to it within 30 s (SASL: AUTHENTICATE PLAIN) or you will be renamed"], warning.Parameters);
        Assert.Empty(await mallory.SyncAsync());
    }

    private static async Task<IrcClient> OperAsync(ServerProcess node, string nick)
    {
        var client = await IrcClient.ConnectAsync(node.IrcEndPoint!, nick);
        await client.SendAsync($"OPER {OperatorAccounts.Name} :{OperatorAccounts.Password}");
        await client.ExpectAsync("381");
        return client;
    }
}
