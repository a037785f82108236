using Orleans.Runtime;

namespace Piazza.Cluster;

/// <summary>
/// A nickname's grain: its holder (a node and the holder's key there), in memory. Orleans runs
/// one call at a time on it, so of two nodes claiming it at once one wins.
/// </summary>
/// <remarks>
/// It keeps nothing durable: when its silo dies it starts afresh elsewhere, and every node claims
/// its members' nicks again as soon as the cluster sees a node stop (<see cref="ClusterNode"/>).
/// A holder on a node the cluster declared dead holds nothing.
/// </remarks>
internal sealed class NickGrain(IClusterMembershipService membership) : Grain, INickGrain
{
    private string? _node;
    private string? _holder;

    public Task<bool> Claim(string node, string holder)
    {
        if (_node is null || (_node == node && _holder == holder) || IsDead(_node))
        {
            _node = node;
            _holder = holder;
            return Task.FromResult(true);
        }

        return Task.FromResult(false);
    }

    public Task<string?> Holder() => Task.FromResult(_node is { } node && !IsDead(node) ? node : null);

    public Task Release(string node, string holder)
    {
        if (_node == node && _holder == holder)
        {
            _node = null;
            _holder = null;
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    private bool IsDead(string node)
    {
        try
        {
            return membership.CurrentSnapshot.GetSiloStatus(SiloAddress.FromParsableString(node)) == SiloStatus.Dead;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
