namespace Piazza.Core.Bans;

/// <summary>
/// Where server bans survive restarts. Writes are rare (an operator's command) and awaited by
/// that command; the chat never waits on them. Masks are stored normalised and compared exactly.
/// </summary>
/// <remarks>
/// Implementations: <see cref="InMemoryServerBanStore"/> (History:Store memory or off: bans last
/// until a restart), SQLite (a table in the history file, Piazza.Storage.Sqlite) and PostgreSQL
/// (Piazza.Storage.Postgres).
/// </remarks>
public interface IServerBanStore
{
    /// <summary>Every stored ban, expired ones included (the caller drops those).</summary>
    Task<IReadOnlyList<ServerBan>> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="ban"/>, replacing one with the same mask.</summary>
    Task SaveAsync(ServerBan ban, CancellationToken cancellationToken = default);

    /// <summary>Deletes the ban on <paramref name="mask"/>, if any.</summary>
    Task DeleteAsync(string mask, CancellationToken cancellationToken = default);
}
