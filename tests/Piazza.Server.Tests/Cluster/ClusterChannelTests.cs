using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Cluster;
using Piazza.Core;
using Piazza.Core.Accounts;
using Piazza.Core.Bans;
using Piazza.Core.Cluster;

namespace Piazza.Server.Tests.Cluster;

/// <summary>
/// The cluster's channel as a starting node meets it (<c>ClusterNode.ClusterWide.cs</c>): the node
/// subscribes before the server reads its bans and accounts from the store, so what the channel
/// delivers before the hub exists must wait, then apply after that load, in order. No silo: the
/// grain's deliveries are made by hand, as Orleans would make them.
/// </summary>
public sealed class ClusterChannelTests
{
    /// <summary>The name the channel's changes travel under (ClusterNode's, as another node publishes them).</summary>
    private const string Channel = "\u0001cluster";

    private static readonly DateTimeOffset SetAt = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task What_the_channel_delivers_before_the_hub_is_attached_applies_after_the_stores_load_in_order_and_once()
    {
        using var node = new ClusterNode(null!, null!, null!, NullLogger<ClusterNode>.Instance);
        INodeObserver observer = node;

        // Delivered while the server reads the store: a ban set on n2, an account made there, and
        // then a lift on n3 of a ban the store still had when it was read.
        var spam = new ServerBan("spammer!*@*", ServerBanKind.Mask, "spam", "root", SetAt, null);
        var old = new ServerBan("old!*@*", ServerBanKind.Mask, "old", "root", SetAt, null);
        var banned = RelayedEvent.From(new NodeServerBan(spam.Mask, spam), "n2", Channel);
        await observer.Deliver([banned, RelayedEvent.From(new AccountRecord("alice", "hash", SetAt), "n2", Channel)]);
        await observer.Deliver([RelayedEvent.From(new NodeServerBan(old.Mask, null), "n3", Channel)]);

        var store = new InMemoryServerBanStore();
        await store.SaveAsync(old);
        var bans = new ServerBanList(store, TimeProvider.System);
        await bans.LoadAsync();
        var hub = new ChatHub(new ChatOptions(), TimeProvider.System, serverBans: bans);
        Assert.Equal(["old!*@*"], hub.ServerBans.Active.Select(b => b.Mask));
        Assert.False(hub.Accounts.IsRegistered("alice"));

        node.Attach(hub);
        Assert.Equal([spam], hub.ServerBans.Active);
        Assert.True(hub.Accounts.IsRegistered("ALICE"));

        // From then on at once; the same change sent again (a batch retried) is dropped.
        await observer.Deliver([RelayedEvent.From(new NodeServerBan(spam.Mask, null), "n3", Channel)]);
        Assert.Empty(hub.ServerBans.Active);
        await observer.Deliver([banned]);
        Assert.Empty(hub.ServerBans.Active);
    }
}
