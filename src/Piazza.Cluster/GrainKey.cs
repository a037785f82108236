namespace Piazza.Cluster;

/// <summary>The key of a room's or a nick's grain: the name as the hub compares it (ignoring case).</summary>
internal static class GrainKey
{
    /// <summary>
    /// Upper-cased invariantly, as <see cref="Core.RoomName.Comparer"/> and
    /// <see cref="Core.NickName.Comparer"/> (ordinal, ignoring case) compare: two names the hub
    /// takes for one room, or one nick, have one grain.
    /// </summary>
    public static string For(string name) => name.ToUpperInvariant();
}
