using Microsoft.Extensions.Logging;

using Orleans.Runtime;

namespace Piazza.Cluster;

/// <summary>
/// A nickname's grain: its holder (a node and the holder's key there), the holder as it is online
/// with the nick, and the nodes watching the nick (IRC's MONITOR), all in memory. Orleans runs one
/// call at a time on it, so of two nodes claiming it at once one wins, and the watching nodes
/// hear its comings and goings in the order they happened: each call tells them all (waiting for
/// them, <see cref="NotifyTimeout"/> at most) before the next begins.
/// </summary>
/// <remarks>
/// It keeps nothing durable: when its silo dies it starts afresh elsewhere, and every node claims
/// its members' nicks again (<see cref="Online"/>) and watches its watched nicks again as soon as
/// the cluster sees a node stop (<see cref="ClusterNode"/>). Until its holder has had time to do
/// so, a new activation that knows no holder says it cannot tell (<see cref="RelayedNickHolder.Known"/>),
/// so a watching node does not hear a nick go offline and come back because a third node died.
/// A holder on a node the cluster declared dead holds nothing (the watching nodes tell their
/// watchers themselves, as the cluster declares it dead). Watchers are one entry per node, not
/// per watcher: bounded by the nodes. A grain with watchers is kept from idle collection, and the
/// nodes watch again every <see cref="ClusterNode.RewatchInterval"/>, which heals a grain that forgot.
/// </remarks>
internal sealed partial class NickGrain(IClusterMembershipService membership, ILogger<NickGrain> log) : Grain, INickGrain
{
    /// <summary>How long a watching node may take to hear of a change before the grain drops it (it watches again within <see cref="ClusterNode.RewatchInterval"/> if it lives).</summary>
    public static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a new activation that knows no holder cannot say whether the nick is held: the holders claim again as soon as they see a node stop.</summary>
    private static readonly TimeSpan UnsureFor = TimeSpan.FromSeconds(15);

    private readonly DateTimeOffset _activated = TimeProvider.System.GetUtcNow();
    private readonly Dictionary<string, INodeObserver> _watchers = new(StringComparer.Ordinal);
    private string? _node;
    private string? _holder;
    private RelayedMember? _online;

    public Task<bool> Claim(string node, string holder) => Task.FromResult(TryClaim(node, holder));

    public Task<string?> Holder() => Task.FromResult(_node is { } node && !IsDead(node) ? node : null);

    public async Task Release(string node, string holder)
    {
        if (_node == node && _holder == holder)
        {
            var was = _online;
            _node = null;
            _holder = null;
            _online = null;
            if (was is not null)
            {
                await TellAsync(was, observer => observer.NickHeld(was, online: false));
            }

            if (_watchers.Count == 0)
            {
                DeactivateOnIdle();
            }
        }
    }

    public async Task<bool> Online(string node, string holder, RelayedMember member)
    {
        if (!TryClaim(node, holder))
        {
            return false;
        }

        var was = _online;
        _online = member;
        if (was is null || was.Node != member.Node || was.Id != member.Id)
        {
            await TellAsync(member, observer => observer.NickHeld(member, online: true));
        }

        return true;
    }

    public async Task Changed(string node, string holder, RelayedMember member, int kind, string text)
    {
        if (_node == node && _holder == holder && _online is not null)
        {
            _online = member;
            await TellAsync(member, observer => observer.NickChanged(member, kind, text));
        }
    }

    public Task<RelayedNickHolder> Watch(string node, INodeObserver observer)
    {
        _watchers[node] = observer;

        // Watched: not collected when idle. The nodes watch again every RewatchInterval, which
        // renews this; a grain collected all the same (or lost with its silo) is healed then.
        DelayDeactivation(ClusterNode.RewatchInterval * 3);
        var holder = _online is { } online && !IsDead(online.Node) ? online : null;
        var young = TimeProvider.System.GetUtcNow() - _activated < UnsureFor;
        return Task.FromResult(new RelayedNickHolder { Holder = holder, Known = holder is not null || _node is not null || !young });
    }

    public Task Unwatch(string node)
    {
        if (_watchers.Remove(node) && _watchers.Count == 0 && _node is null)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    /// <summary>Gives the nick to the holder when it is free, the holder's already, or held on a dead node (whose online state goes with it).</summary>
    private bool TryClaim(string node, string holder)
    {
        if (_node == node && _holder == holder)
        {
            return true;
        }

        if (_node is null || IsDead(_node))
        {
            _node = node;
            _holder = holder;
            _online = null;
            return true;
        }

        return false;
    }

    /// <summary>Tells every watching node but the holder's own what <paramref name="holder"/> did (<paramref name="tell"/>); a node that does not take it in time is dropped.</summary>
    private Task TellAsync(RelayedMember holder, Func<INodeObserver, Task> tell)
    {
        if (_watchers.Count == 0)
        {
            return Task.CompletedTask;
        }

        var calls = new List<Task>(_watchers.Count);
        foreach (var (node, observer) in _watchers.ToArray())
        {
            if (IsDead(node))
            {
                _watchers.Remove(node);
            }
            else if (node != holder.Node)
            {
                calls.Add(TellOneAsync(node, observer, tell));
            }
        }

        return Task.WhenAll(calls);
    }

    private async Task TellOneAsync(string node, INodeObserver observer, Func<INodeObserver, Task> tell)
    {
        try
        {
            await tell(observer).WaitAsync(NotifyTimeout);
        }
        catch (Exception ex)
        {
            // Any failure: the node is gone, or too slow to keep. It watches again if it lives.
            if (_watchers.TryGetValue(node, out var current) && ReferenceEquals(current, observer))
            {
                _watchers.Remove(node);
            }

            LogWatcherDropped(node, this.GetPrimaryKeyString(), ex.GetType().Name, ex.Message);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: node {Node} did not hear that nick {Nick} came or went ({Error}: {Detail}); dropped until it watches again")]
    private partial void LogWatcherDropped(string node, string nick, string error, string detail);
}
