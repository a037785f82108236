namespace Piazza.Core.ReadMarkers;

/// <summary>
/// Where read markers last (IRCv3 draft/read-marker, https://ircv3.net/specs/extensions/read-marker):
/// per account and target (a room as <c>#name</c>, or a nick), the time of the last message its
/// user has read, on any of its connections. The history database when there is one
/// (Piazza.Storage.Sqlite or .Postgres), else memory.
/// </summary>
/// <remarks>
/// Accounts compare as nicks do, targets ignoring ASCII case (rooms and nicks both do). A marker
/// only moves forward. At most <see cref="MaxTargetsPerAccount"/> targets per account: a new one
/// past that drops the one read longest ago, so what clients can make the server store is bounded.
/// Thread-safe: called from every session's read loop.
/// </remarks>
public interface IReadMarkerStore
{
    /// <summary>The most targets one account keeps a marker for.</summary>
    public const int MaxTargetsPerAccount = 1_000;

    /// <summary>The marker of <paramref name="account"/> for <paramref name="target"/>, or null when none is known.</summary>
    Task<DateTimeOffset?> GetAsync(string account, string target, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the marker of <paramref name="account"/> for <paramref name="target"/> to
    /// <paramref name="readAt"/>, unless it is there or later already; returns what is stored after.
    /// </summary>
    Task<ReadMarkerChange> AdvanceAsync(string account, string target, DateTimeOffset readAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves every account's marker for <paramref name="target"/> to <paramref name="newTarget"/>
    /// (a room renamed: its readers keep their place). An account with a marker for the new target
    /// already keeps the later of the two. Nothing moves when the two differ only in case.
    /// </summary>
    Task MoveTargetAsync(string target, string newTarget, CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IReadMarkerStore.AdvanceAsync"/> left stored, and whether it moved (else the stored one was as late or later).</summary>
public readonly record struct ReadMarkerChange(DateTimeOffset Stored, bool Moved);
