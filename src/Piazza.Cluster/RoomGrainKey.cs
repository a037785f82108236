namespace Piazza.Cluster;

/// <summary>The key of a room's grain: its name as the hub compares names (ignoring case).</summary>
internal static class RoomGrainKey
{
    /// <summary>
    /// Upper-cased invariantly, as <see cref="Core.RoomName.Comparer"/> (ordinal, ignoring case)
    /// compares: two names the hub takes for one room have one grain.
    /// </summary>
    public static string For(string roomName) => roomName.ToUpperInvariant();
}
