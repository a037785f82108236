namespace Piazza.Core;

/// <summary>
/// Orders what MONITOR watchers hear about one nick the way the nick changed hands: a holder
/// frees a nick and announces it offline under that nick's lock, and the next holder announces it
/// online under the same lock, so a watcher is never told "online" before the "offline" that came
/// first. Locks are striped by nick (case-folded as the registry compares), so unrelated nicks
/// rarely wait for each other and the set costs a fixed few objects.
/// </summary>
/// <remarks>
/// Held only around one registry removal and the announcement (an index lookup and queuing a line
/// per watcher: the watchers' index lock and send-queue locks are taken under it, never the other
/// way round). A member announces its own nicks from its own session, one request at a time, so a
/// nick's claim needs no lock: its online announcement waits here for any offline still going out.
/// </remarks>
internal sealed class NickTransitionLocks
{
    private const int Stripes = 32;
    private readonly Lock[] _locks = [.. Enumerable.Range(0, Stripes).Select(_ => new Lock())];

    /// <summary>The lock for <paramref name="nick"/> (the same for every spelling of its case).</summary>
    public Lock For(string nick) => _locks[(NickName.Comparer.GetHashCode(nick) & int.MaxValue) % Stripes];
}
