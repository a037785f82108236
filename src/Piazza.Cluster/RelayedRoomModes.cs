using Piazza.Core;
using Piazza.Core.Cluster;

namespace Piazza.Cluster;

/// <summary>One mode change as Orleans carries it between nodes (<see cref="ModeChange"/>).</summary>
[GenerateSerializer]
[Immutable]
[Alias("Piazza.Cluster.RelayedModeChange")]
public sealed record RelayedModeChange
{
    [Id(0)] public bool Add { get; init; }
    [Id(1)] public char Mode { get; init; }
    [Id(2)] public string? Argument { get; init; }

    public static RelayedModeChange From(ModeChange change) => new() { Add = change.Add, Mode = change.Mode, Argument = change.Argument };

    public ModeChange ToModeChange() => new(Add, Mode, Argument);
}

/// <summary>An entry of a room's ban, ban-exception or invite-exception list, for the wire.</summary>
[GenerateSerializer]
[Immutable]
[Alias("Piazza.Cluster.RelayedListEntry")]
public sealed record RelayedListEntry
{
    [Id(0)] public char Mode { get; init; }
    [Id(1)] public required string Mask { get; init; }
    [Id(2)] public required string SetBy { get; init; }
    [Id(3)] public DateTimeOffset SetAt { get; init; }
}

/// <summary>
/// A room's settings (<see cref="NodeRoomModes"/>) as Orleans carries them: what a room's grain
/// keeps, changes as the nodes report mode changes, and gives a node that subscribes.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("Piazza.Cluster.RelayedRoomModes")]
public sealed record RelayedRoomModes
{
    /// <summary>The flag modes set, as their letters in <see cref="RoomModes.AsChanges"/>'s order; the key and limit apart.</summary>
    [Id(0)] public string Flags { get; init; } = string.Empty;
    [Id(1)] public string? Key { get; init; }
    [Id(2)] public int? Limit { get; init; }
    [Id(3)] public RelayedListEntry[] Lists { get; init; } = [];

    /// <summary>The room's registration; null when it is not registered (or the node that gave these did not know it).</summary>
    [Id(4)] public RelayedRegistration? Registration { get; init; }

    public static RelayedRoomModes From(NodeRoomModes settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var flags = new string([.. settings.Modes.AsChanges().Where(c => c.Mode is not ('k' or 'l')).Select(c => c.Mode)]);
        var lists = new List<RelayedListEntry>();
        Add(lists, 'b', settings.Bans);
        Add(lists, 'e', settings.Exceptions);
        Add(lists, 'I', settings.InviteExceptions);
        return new() { Flags = flags, Key = settings.Modes.Key, Limit = settings.Modes.Limit, Lists = [.. lists], Registration = RelayedRegistration.From(settings.Registration) };
    }

    public NodeRoomModes ToNode()
    {
        var modes = RoomModes.FromLetters(Flags) with
        {
            Secret = Flags.Contains('s', StringComparison.Ordinal),
            NoCtcp = Flags.Contains('C', StringComparison.Ordinal),
            Key = Key,
            Limit = Limit,
        };
        return new NodeRoomModes(modes, ListOf('b'), ListOf('e'), ListOf('I')) { Registration = Registration?.ToRegistration() };
    }

    /// <summary>These settings after <paramref name="changes"/>, made by <paramref name="by"/> at <paramref name="at"/> (the registration as it was).</summary>
    public RelayedRoomModes With(IEnumerable<RelayedModeChange> changes, string by, DateTimeOffset at)
    {
        var settings = ToNode();
        foreach (var change in changes)
        {
            settings = settings.With(change.ToModeChange(), by, at);
        }

        return From(settings);
    }

    private RoomBan[] ListOf(char mode) => [.. Lists.Where(e => e.Mode == mode).Select(e => new RoomBan(e.Mask, e.SetBy, e.SetAt))];

    private static void Add(List<RelayedListEntry> lists, char mode, IReadOnlyList<RoomBan> entries)
    {
        foreach (var entry in entries)
        {
            lists.Add(new RelayedListEntry { Mode = mode, Mask = entry.Mask, SetBy = entry.SetBy, SetAt = entry.SetAt });
        }
    }
}

/// <summary>A room as its grain knows it, for a node about to let a member join (<see cref="NodeRoomView"/>).</summary>
[GenerateSerializer]
[Immutable]
[Alias("Piazza.Cluster.RelayedRoomView")]
public sealed record RelayedRoomView
{
    [Id(0)] public RelayedRoomModes? Settings { get; init; }
    [Id(1)] public RelayedEvent? Topic { get; init; }
    [Id(2)] public RelayedMember[] Members { get; init; } = [];

    /// <summary>Another node's joiner is making the room now: the asker's is not its first member (<see cref="NodeRoomView.FoundedElsewhere"/>).</summary>
    [Id(3)] public bool FoundedElsewhere { get; init; }

    public NodeRoomView ToNode() =>
        new(Settings?.ToNode(), Topic?.ToNodeTopic(), [.. Members.Select(m => m.ToNodeMember())]) { FoundedElsewhere = FoundedElsewhere };
}
