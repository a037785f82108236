using System.Net;

using Piazza.Core.Accounts;
using Piazza.Core.Bans;
using Piazza.Core.Cluster;

namespace Piazza.Core.Tests;

/// <summary>
/// What holds on every node at once, not in one room: server bans and accounts. Each node has a
/// store of its own here (a cluster's nodes share one), so the test sees which node writes.
/// </summary>
public partial class ChatHubClusterTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_server_ban_set_on_one_node_cuts_and_refuses_on_the_other_and_only_its_node_writes_it()
    {
        var clock = new ManualClock(Start);
        var (storeA, storeB) = (new CountingBanStore(), new CountingBanStore());
        var (a, b) = LinkedNodes(new ChatHub(new ChatOptions(), clock, serverBans: new ServerBanList(storeA, clock)), new ChatHub(new ChatOptions(), clock, serverBans: new ServerBanList(storeB, clock)));
        var root = a.ConnectAs("root");
        a.MakeServerOperator(root.Member, "root");
        var spammer = b.ConnectAs("spammer", host: "10.0.0.2");
        var bot = b.ConnectAs("bot", host: "192.0.2.7");
        var bystander = b.ConnectAs("bystander", host: "10.0.0.3");
        var operatorThere = b.ConnectAs("spammer2", host: "192.0.2.8");
        b.MakeServerOperator(operatorThere.Member, "root");

        // A KLINE and a timed DLINE on node a: node b cuts whom they match, with the same reason, as a does.
        var kline = await a.BanAsync(root.Member, "spammer*", ServerBanKind.Mask, duration: null, "links everywhere");
        var dline = await a.BanAsync(root.Member, "192.0.2.0/24", ServerBanKind.Address, TimeSpan.FromMinutes(10), "bot farm");
        Assert.Equal((ChatError.None, ChatError.None), (kline.Error, dline.Error));
        Assert.Equal(["Banned (links everywhere)"], spammer.Sink.CloseReasons);
        Assert.Equal(["Banned (bot farm)"], bot.Sink.CloseReasons);
        Assert.Empty(bystander.Sink.CloseReasons);
        Assert.Empty(operatorThere.Sink.CloseReasons); // server operators are never banned, there as here

        // Node b refuses them when they come back: the mask on a nick, the block at the door.
        Assert.Equal(kline.Ban, b.ServerBans.FindFor("Spammer!~u@elsewhere", "10.9.9.9"));
        b.ConnectUnlessBanned("192.0.2.99:5000", "192.0.2.99", new RecordingSink(), out var refused);
        Assert.Equal(dline.Ban, refused);

        // Only node a wrote them; node b took them as they were, to the second of their end.
        Assert.Equal((2, 0), (storeA.Saves, storeB.Saves));
        Assert.Equal([kline.Ban!, dline.Ban!], b.ServerBans.Active);

        // The timed ban ends on both by their clocks.
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(a.ServerBans.FindForAddress(IPAddress.Parse("192.0.2.7")));
        Assert.Null(b.ServerBans.FindForAddress(IPAddress.Parse("192.0.2.7")));

        // Lifted on node b by its operator: lifted on a too, and only b wrote the lift.
        Assert.Equal(ChatError.None, (await b.UnbanAsync(operatorThere.Member, "spammer*")).Error);
        Assert.Null(a.ServerBans.FindFor("spammer!~u@h", "10.0.0.2"));
        Assert.Null(b.ServerBans.FindFor("spammer!~u@h", "10.0.0.2"));
        Assert.Equal((0, 1), (storeA.Deletes, storeB.Deletes));

        // A ban that reaches a node after its end (sent again late) cuts no one there.
        var late = b.ConnectAs("latecomer", host: "203.0.113.5");
        var over = new ServerBan("203.0.113.0/24", ServerBanKind.Address, "over", "root", Start, Start + TimeSpan.FromMinutes(1));
        Assert.Equal(0, b.ApplyServerBanFromNode(new NodeServerBan(over.Mask, over)).Cut);
        Assert.Empty(late.Sink.CloseReasons);
    }

    [Fact]
    public async Task An_operator_flag_taken_off_on_one_node_ends_the_operator_status_its_login_gave_on_the_other()
    {
        var (storeA, storeB) = (new InMemoryAccountStore(), new InMemoryAccountStore());
        var (a, b) = LinkedNodes(new ChatHub(new ChatOptions(), TimeProvider.System, accounts: new AccountList(storeA)), new ChatHub(new ChatOptions(), TimeProvider.System, accounts: new AccountList(storeB)));
        var root = new AccountRecord("root", "hash-r", Start) { IsOperator = true };
        Assert.True(a.Accounts.TryAdd(root));
        Assert.True(await a.CreateAccountAsync(root));
        var there = b.ConnectAs("root");
        b.LogIn(there.Member, b.Accounts.Find("root")!);
        Assert.True(b.MakeServerOperator(there.Member, "root"));

        // Node a takes the flag off (OPERACCOUNT root OFF publishes the account as it is then).
        Assert.False((await a.Accounts.SetOperatorAsync("root", isOperator: false))!.IsOperator);
        a.PublishOperatorFlag(a.Accounts.Find("root")!);

        Assert.False(b.Accounts.Find("root")!.IsOperator);
        Assert.False(there.Member.IsServerOperator);
        Assert.Equal(0, b.ServerOperatorCount);

        // Put back on: the list has it again; only a login makes an operator.
        a.PublishOperatorFlag(root);
        Assert.True(b.Accounts.Find("root")!.IsOperator);
        Assert.False(there.Member.IsServerOperator);
        Assert.Empty(await storeB.LoadAsync());
    }

    [Fact]
    public async Task An_account_registered_on_one_node_reserves_its_nick_on_the_other_at_once_and_only_its_node_writes_it()
    {
        var (storeA, storeB) = (new InMemoryAccountStore(), new InMemoryAccountStore());
        var (a, b) = LinkedNodes(new ChatHub(new ChatOptions(), TimeProvider.System, accounts: new AccountList(storeA)), new ChatHub(new ChatOptions(), TimeProvider.System, accounts: new AccountList(storeB)));
        var linkA = (DirectLink)a.Cluster!;

        var alice = new AccountRecord("alice", "hash-a", Start);
        Assert.True(a.Accounts.TryAdd(alice));
        Assert.True(await a.CreateAccountAsync(alice));
        Assert.True(b.Accounts.IsRegistered("ALICE"));
        Assert.Equal(alice, b.Accounts.Find("alice"));
        Assert.Single(await storeA.LoadAsync());
        Assert.Empty(await storeB.LoadAsync());

        // A registration the store refuses (another node stored the name first) is told to no one.
        Assert.True(await storeA.CreateAsync(new AccountRecord("bob", "hash-b", Start)));
        var mallory = new AccountRecord("Bob", "hash-m", Start);
        Assert.True(a.Accounts.TryAdd(mallory));
        Assert.False(await a.CreateAccountAsync(mallory));
        Assert.False(b.Accounts.IsRegistered("bob"));
        Assert.Equal([alice], linkA.AccountsPublished);

        // An account the other node has already (read at a login) stays as it has it.
        var known = new AccountRecord("carol", "hash-c", Start) { IsOperator = true };
        b.Accounts.Take(known);
        b.ApplyAccountFromNode(new AccountRecord("carol", "hash-c", Start));
        Assert.Same(known, b.Accounts.Find("carol"));
    }

    /// <summary>Makes <paramref name="a"/> and <paramref name="b"/> nodes "a" and "b" of one cluster, joined by <see cref="DirectLink"/>s.</summary>
    private static (ChatHub A, ChatHub B) LinkedNodes(ChatHub a, ChatHub b)
    {
        a.AttachCluster(new DirectLink("a", () => a, () => b));
        b.AttachCluster(new DirectLink("b", () => b, () => a));
        return (a, b);
    }

    /// <summary>An in-memory ban store that counts its writes.</summary>
    private sealed class CountingBanStore : IServerBanStore
    {
        private readonly InMemoryServerBanStore _inner = new();

        public int Saves { get; private set; }

        public int Deletes { get; private set; }

        public Task<IReadOnlyList<ServerBan>> LoadAsync(CancellationToken cancellationToken = default) => _inner.LoadAsync(cancellationToken);

        public Task SaveAsync(ServerBan ban, CancellationToken cancellationToken = default)
        {
            Saves++;
            return _inner.SaveAsync(ban, cancellationToken);
        }

        public Task DeleteAsync(string mask, CancellationToken cancellationToken = default)
        {
            Deletes++;
            return _inner.DeleteAsync(mask, cancellationToken);
        }
    }
}
