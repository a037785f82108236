using Microsoft.Extensions.Logging;

using Piazza.Core;
using Piazza.Core.Cluster;

namespace Piazza.Cluster;

/// <summary>
/// MONITOR across the nodes: this node's members' nicks coming online and going offline go to
/// their grains, and the nicks this node's members watch are watched on their grains, which tell
/// this node of their comings and goings (<see cref="NickGrain"/>).
/// </summary>
public sealed partial class ClusterNode
{
    /// <summary>How often the node watches again every nick watched here: the longest a nick's grain that forgot this node (it was collected) keeps it uninformed.</summary>
    public static readonly TimeSpan RewatchInterval = TimeSpan.FromSeconds(60);

    /// <summary>How many nicks' grains the node asks at once when it watches them all again.</summary>
    private const int RewatchParallelism = 16;

    /// <summary>How long a release or an online call may take: the nick's grain tells the watching nodes before it answers, each within <see cref="NickGrain.NotifyTimeout"/>.</summary>
    private static readonly TimeSpan NickNoticeTimeout = NickClaimTimeout + NickGrain.NotifyTimeout;

    private readonly OrderedCalls _nickCalls = new();

    /// <inheritdoc/>
    public void ReleaseNick(string nick, string holder) => _ = _nickCalls.Run(GrainKey.For(nick), () => ReleaseNickAsync(nick, holder));

    /// <inheritdoc/>
    public void NickOnline(string nick, string holder, NodeMember member) => _ = _nickCalls.Run(GrainKey.For(nick), () => AnnounceOnlineAsync(nick, holder, member));

    /// <inheritdoc/>
    public void NickChanged(string nick, string holder, NodeMember member, ChatEventKind kind, string text) =>
        _ = _nickCalls.Run(GrainKey.For(nick), () => AnnounceChangeAsync(nick, holder, member, kind, text));

    /// <inheritdoc/>
    public async Task<IReadOnlyList<NodeNickHolder>> WatchNicksAsync(IReadOnlyList<string> nicks, CancellationToken cancellationToken) =>
        await Task.WhenAll(nicks.Select(nick => _nickCalls.Run(GrainKey.For(nick), () => WatchNickAsync(nick, cancellationToken))));

    /// <inheritdoc/>
    public void UnwatchNicks(IReadOnlyList<string> nicks)
    {
        foreach (var nick in nicks)
        {
            _ = _nickCalls.Run(GrainKey.For(nick), () => UnwatchNickAsync(nick));
        }
    }

    /// <inheritdoc/>
    Task INodeObserver.NickHeld(RelayedMember holder, bool online)
    {
        // This node's own members are announced here by the hub, as on a single server.
        if (holder.Node != Name && Volatile.Read(ref _attached) is { } hub)
        {
            if (online)
            {
                hub.NickOnlineElsewhere(holder.ToNodeMember());
            }
            else
            {
                hub.NickOfflineElsewhere(holder.ToNodeMember());
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    Task INodeObserver.NickChanged(RelayedMember holder, int kind, string text)
    {
        if (holder.Node != Name && Volatile.Read(ref _attached) is { } hub && Enum.IsDefined((ChatEventKind)kind))
        {
            hub.WatchedChangeElsewhere(holder.ToNodeMember(), (ChatEventKind)kind, text);
        }

        return Task.CompletedTask;
    }

    private async Task AnnounceChangeAsync(string nick, string holder, NodeMember member, ChatEventKind kind, string text)
    {
        try
        {
            await _grains.GetGrain<INickGrain>(GrainKey.For(nick)).Changed(Name, holder, RelayedMember.From(member, Name), (int)kind, text).WaitAsync(NickNoticeTimeout);
        }
        catch (Exception ex)
        {
            LogNickChangeFailed(nick, kind, ex.GetType().Name, ex.Message);
        }
    }

    private async Task<bool> AnnounceOnlineAsync(string nick, string holder, NodeMember member)
    {
        try
        {
            var grain = _grains.GetGrain<INickGrain>(GrainKey.For(nick));
            var online = RelayedMember.From(member, Name);
            return await UndeliveredCalls.RetryAsync(() => grain.Online(Name, holder, online), NickNoticeTimeout);
        }
        catch (Exception ex)
        {
            // The grain is gone (its node died): the claims and online states are made again as the cluster sees that.
            LogNickOnlineFailed(nick, ex.GetType().Name, ex.Message);
            return true;
        }
    }

    private async Task<NodeNickHolder> WatchNickAsync(string nick, CancellationToken cancellationToken)
    {
        if (_self is not { } self)
        {
            return NodeNickHolder.Unknown;
        }

        try
        {
            var grain = _grains.GetGrain<INickGrain>(GrainKey.For(nick));
            var answer = await UndeliveredCalls.RetryAsync(() => grain.Watch(Name, self), NickClaimTimeout, cancellationToken);
            return answer.ToNode(Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogWatchFailed(nick, "watch", ex.GetType().Name, ex.Message);
            return NodeNickHolder.Unknown;
        }
    }

    private async Task UnwatchNickAsync(string nick)
    {
        // Watched again meanwhile (its watch is queued before this, or is this node's already): stays watched.
        if (Volatile.Read(ref _attached) is { } hub && hub.Watchers.IsWatched(nick))
        {
            return;
        }

        try
        {
            var grain = _grains.GetGrain<INickGrain>(GrainKey.For(nick));
            await UndeliveredCalls.RetryAsync(() => grain.Unwatch(Name), NickClaimTimeout);
        }
        catch (Exception ex)
        {
            LogWatchFailed(nick, "unwatch", ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>
    /// Watches every nick watched here again: the grains that forgot this node (collected, or lost
    /// with their silo) know it again, and what changed meanwhile unheard reaches the watchers here.
    /// </summary>
    private async Task RewatchAsync(ChatHub hub, CancellationToken cancellationToken)
    {
        var nicks = hub.Watchers.WatchedNicks();
        await Parallel.ForEachAsync(nicks, new ParallelOptions { MaxDegreeOfParallelism = RewatchParallelism, CancellationToken = cancellationToken }, async (nick, token) =>
        {
            var asked = hub.Watchers.Stamp;
            var answer = await _nickCalls.Run(GrainKey.For(nick), () => WatchNickAsync(nick, token));
            hub.TakeWatchAnswer(nick, answer, asked, except: null);
        });
    }

    /// <summary>Every <see cref="RewatchInterval"/>: every nick watched here is watched again.</summary>
    private async Task RewatchLoopAsync(ChatHub hub, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RewatchInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RewatchAsync(hub, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: could not tell nick {Nick}'s grain that its holder is online ({Error}: {Detail}); the nodes watching it learn it when they watch again")]
    private partial void LogNickOnlineFailed(string nick, string error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: could not tell nick {Nick}'s grain of its holder's {Change} ({Error}: {Detail}); the nodes watching it miss it")]
    private partial void LogNickChangeFailed(string nick, ChatEventKind change, string error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: could not {Action} nick {Nick} across the cluster ({Error}: {Detail}); tried again within the rewatch interval")]
    private partial void LogWatchFailed(string nick, string action, string error, string detail);
}
