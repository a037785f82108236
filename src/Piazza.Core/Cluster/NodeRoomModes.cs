using Piazza.Core.Bans;
using Piazza.Core.Registrations;

namespace Piazza.Core.Cluster;

/// <summary>
/// A room's settings as the nodes of a cluster share them: its flag modes, key and limit, its
/// ban, ban-exception and invite-exception lists, and its registration. What a room's grain keeps
/// and gives a node that subscribes or asks before a join, so a room is one room on every node.
/// </summary>
/// <param name="Modes">The flag modes, key and limit.</param>
/// <param name="Bans">+b, oldest first.</param>
/// <param name="Exceptions">+e, oldest first.</param>
/// <param name="InviteExceptions">+I, oldest first.</param>
public sealed record NodeRoomModes(RoomModes Modes, IReadOnlyList<RoomBan> Bans, IReadOnlyList<RoomBan> Exceptions, IReadOnlyList<RoomBan> InviteExceptions)
{
    /// <summary>
    /// The room's registration (founder, operator accounts), or null when it is not registered (or
    /// the node that gave these settings did not know it is). Its changes travel on their own
    /// (<see cref="NodeRegistration"/>), not as mode changes: <see cref="With"/> keeps it.
    /// </summary>
    public RoomRegistration? Registration { get; init; }

    /// <summary>The room's settings now.</summary>
    public static NodeRoomModes Of(Room room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(room.Modes, [.. room.Bans], [.. room.Exceptions], [.. room.InviteExceptions]) { Registration = room.Registration };
    }

    /// <summary>
    /// These settings after <paramref name="change"/> (made by <paramref name="by"/> at <paramref name="at"/>);
    /// +o and +v, which are a member's status and not the room's, change nothing here.
    /// </summary>
    public NodeRoomModes With(ModeChange change, string by, DateTimeOffset at)
    {
        switch (change.Mode)
        {
            case 'b' or 'e' or 'I' when change.Argument is { } mask:
                var list = change.Mode switch { 'b' => Bans, 'e' => Exceptions, _ => InviteExceptions };
                var kept = list.Where(b => !BanMask.Comparer.Equals(b.Mask, mask)).ToList();
                if (change.Add)
                {
                    kept.Add(new RoomBan(mask, by, at));
                }

                return change.Mode switch
                {
                    'b' => this with { Bans = kept },
                    'e' => this with { Exceptions = kept },
                    _ => this with { InviteExceptions = kept },
                };
            case 'o' or 'v' or 'b' or 'e' or 'I':
                return this;
            default:
                return this with { Modes = Modes.With(change) };
        }
    }

    /// <summary>
    /// The changes that turn <paramref name="from"/> into these settings, as a room's members are
    /// shown them: flags, key and limit first, then each list's removals and additions.
    /// </summary>
    public IReadOnlyList<ModeChange> ChangesFrom(NodeRoomModes from)
    {
        ArgumentNullException.ThrowIfNull(from);
        var changes = new List<ModeChange>();
        var now = Modes.AsChanges();
        var before = from.Modes.AsChanges();
        foreach (var gone in before)
        {
            if (!now.Any(c => c.Mode == gone.Mode))
            {
                changes.Add(new ModeChange(false, gone.Mode, gone.Mode == 'k' ? "*" : null));
            }
        }

        foreach (var set in now)
        {
            if (!before.Contains(set))
            {
                changes.Add(set);
            }
        }

        AddListChanges(changes, 'b', from.Bans, Bans);
        AddListChanges(changes, 'e', from.Exceptions, Exceptions);
        AddListChanges(changes, 'I', from.InviteExceptions, InviteExceptions);
        return changes;
    }

    private static void AddListChanges(List<ModeChange> changes, char mode, IReadOnlyList<RoomBan> before, IReadOnlyList<RoomBan> now)
    {
        foreach (var gone in before)
        {
            if (!now.Any(b => BanMask.Comparer.Equals(b.Mask, gone.Mask)))
            {
                changes.Add(new ModeChange(false, mode, gone.Mask));
            }
        }

        foreach (var added in now)
        {
            if (!before.Any(b => BanMask.Comparer.Equals(b.Mask, added.Mask)))
            {
                changes.Add(new ModeChange(true, mode, added.Mask));
            }
        }
    }
}
