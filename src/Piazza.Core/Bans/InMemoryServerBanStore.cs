using System.Collections.Concurrent;

namespace Piazza.Core.Bans;

/// <summary>Server bans kept only in memory: what History:Store memory and off use. Lost on restart.</summary>
public sealed class InMemoryServerBanStore : IServerBanStore
{
    private readonly ConcurrentDictionary<string, ServerBan> _bans = new(BanMask.Comparer);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ServerBan>> LoadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ServerBan>>([.. _bans.Values.OrderBy(b => b.SetAt)]);

    /// <inheritdoc/>
    public Task SaveAsync(ServerBan ban, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ban);
        _bans[ban.Mask] = ban;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string mask, CancellationToken cancellationToken = default)
    {
        _bans.TryRemove(mask, out _);
        return Task.CompletedTask;
    }
}
