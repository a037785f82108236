using Piazza.Core.Bans;
using Piazza.Core.Cluster;

namespace Piazza.Core;

/// <summary>
/// Server bans across the nodes of a cluster: a ban set or lifted on one node holds on every node
/// at once, as registered rooms do (<c>ChatHub.ClusterRegistrations.cs</c>). The node where it
/// changed writes it to the store the nodes share; the others only take it.
/// </summary>
public sealed partial class ChatHub
{
    /// <summary>
    /// A server ban as another node's operator set it or lifted it: in force here at once (not
    /// stored again), and this node's members it matches (server operators aside) are told why and
    /// cut, as on the node where it was set. A ban past its end when it arrives cuts no one.
    /// </summary>
    /// <returns>What it did here: for a ban, how many it cut (BanListFull when this node holds
    /// <see cref="ServerBanList.MaxBans"/> already); for a lift, NoSuchBan when none was in force here.</returns>
    public ServerBanResult ApplyServerBanFromNode(NodeServerBan change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Ban is not { } ban)
        {
            var lifted = ServerBans.Remove(change.Mask);
            return new ServerBanResult(lifted is null ? ChatError.NoSuchBan : ChatError.None, lifted, 0, null);
        }

        if (!ServerBans.TryAdd(ban))
        {
            return new ServerBanResult(ChatError.BanListFull, ban, 0, null);
        }

        return new ServerBanResult(ChatError.None, ban, ban.IsActiveAt(ServerBans.Now) ? CutBanned(ban) : 0, null);
    }

    /// <summary>
    /// Tells the other nodes of a server ban set or lifted here (null: lifted), once this node has
    /// tried to store it: a node joining the cluster meanwhile either hears this or, subscribed
    /// before it reads the store, finds it there (<c>docs/ARCHITECTURE.md</c>, "Server bans").
    /// </summary>
    private void PublishServerBan(string mask, ServerBan? ban) =>
        Cluster?.PublishServerBan(new NodeServerBan(mask, ban));
}
