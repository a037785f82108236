using System.Globalization;

using Piazza.Core.Bans;
using Piazza.Core.Cluster;

namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <summary>The longest channel key <c>+k</c> accepts.</summary>
    public const int MaxKeyLength = 23;

    /// <summary>
    /// Applies mode changes to <paramref name="room"/> in order, as its operator (or as a server
    /// operator, who may change any room's modes without being in it). Changes that
    /// fail are skipped and reported in <paramref name="errors"/>; those that applied reach the
    /// room as one event, with each change as it took effect in <see cref="ChatEvent.Modes"/>
    /// (a nick in its member's spelling, a ban mask completed, a cleared key as "*").
    /// </summary>
    public ChatError SetModes(Member member, Room room, IReadOnlyList<ModeChange> changes, out List<(ModeChange Change, ChatError Error)> errors, out ChatEvent? changed)
    {
        errors = [];
        changed = null;
        if (!CanOperate(member, room))
        {
            return ChatError.NotOperator;
        }

        var applied = new List<ModeChange>();
        var registrationChanged = false;
        foreach (var change in changes)
        {
            var error = Apply(member, room, change, out var effective, ref registrationChanged);
            if (error == ChatError.None)
            {
                if (effective is { } done)
                {
                    applied.Add(done);
                }
            }
            else
            {
                errors.Add((change, error));
            }
        }

        // A registered room is saved as it is after these changes (queued: no I/O here), by this
        // node only; in a cluster the others take its operator accounts as this node has them.
        if ((applied.Count > 0 || registrationChanged) && room.IsRegistered)
        {
            Registrations.Save(room);
        }

        if (registrationChanged)
        {
            PublishRegistration(room);
        }

        if (applied.Count == 0)
        {
            return ChatError.None;
        }

        changed = new ChatEvent(ChatEventKind.ModeChange, member, room, string.Empty, _time.GetUtcNow()) { Modes = applied };
        room.Broadcast(changed, except: member);
        PublishModes(room, applied, member, changed.Time);
        return ChatError.None;
    }

    /// <summary>
    /// Puts <paramref name="targetNick"/> out of <paramref name="room"/>, as its operator (or as a
    /// server operator, from inside the room or not); the room (the target included) sees the kick.
    /// </summary>
    public ChatError Kick(Member member, Room room, string targetNick, string reason, out ChatEvent? kicked)
    {
        kicked = null;
        if (!room.Contains(member) && !member.IsServerOperator)
        {
            return ChatError.NotInRoom;
        }

        if (!CanOperate(member, room))
        {
            return ChatError.NotOperator;
        }

        var target = FindInRoom(room, targetNick);
        if (target is null)
        {
            return ChatError.NoSuchNick;
        }

        if (!room.Contains(target))
        {
            return ChatError.TargetNotInRoom;
        }

        kicked = NewEvent(ChatEventKind.Kick, member, room, Cut(reason), target);
        if (target.Node is not null)
        {
            KickOnItsNode(member, room, target, kicked);
            return ChatError.None;
        }

        // Out of the room before anyone is told, the kicked member above all: a join it sends on
        // seeing its kick finds it outside, not still in (which answered nothing).
        ForgetRoom(target, room);
        Leave(room, target);
        room.Broadcast(kicked, except: member);
        if (!ReferenceEquals(target, member))
        {
            target.Sink.Deliver(kicked);
        }

        PublishRoster(ChatEventKind.Kick, target, room, kicked.Text, by: member);
        return ChatError.None;
    }

    /// <summary>
    /// Invites <paramref name="targetNick"/> to <paramref name="room"/> (operators only when the
    /// room is +i): the target receives the invitation and may then pass +i, +k, +l and bans.
    /// </summary>
    /// <param name="located">In a cluster, the member of another node <see cref="LocateNickAsync"/> found under <paramref name="targetNick"/>.</param>
    public ChatError Invite(Member member, string targetNick, Room room, out Member? target, out ChatEvent? invited, Member? located = null)
    {
        invited = null;
        target = FindNickAnywhere(targetNick) ?? (located is not null && NickName.Comparer.Equals(located.Nick, targetNick) ? located : null);
        if (target is null)
        {
            return ChatError.NoSuchNick;
        }

        if (!room.Contains(member))
        {
            return ChatError.NotInRoom;
        }

        if (room.Modes.InviteOnly && !CanOperate(member, room))
        {
            return ChatError.NotOperator;
        }

        if (room.Contains(target))
        {
            return ChatError.TargetInRoom;
        }

        invited = NewEvent(ChatEventKind.Invite, member, room, string.Empty, target);
        if (target.Node is not null)
        {
            // Recorded and shown on the invited member's node.
            Cluster?.PublishInvite(new NodeInvite(room.Name, NodeMember.Of(target, null) with { Node = target.Node }, NodeMember.Of(member, room), invited.Time));
        }
        else
        {
            room.AddInvite(target);
            target.Sink.Deliver(invited);
        }

        // The room hears of it too (IRC's invite-notify); sessions show it only to those who asked.
        room.Broadcast(invited, except: member);
        return ChatError.None;
    }

    /// <summary>
    /// The rooms <paramref name="member"/> is invited to and has not joined since (IRC's INVITE
    /// without parameters), by name. A scan of the rooms: it is rare, and rooms are bounded.
    /// </summary>
    public IReadOnlyList<Room> InvitationsOf(Member member) =>
        [.. Rooms.Where(r => r.IsInvited(member)).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>True for the room's operators and for server operators, who may act as one anywhere.</summary>
    private static bool CanOperate(Member member, Room room) => member.IsServerOperator || room.IsOperator(member);

    private ChatError Apply(Member member, Room room, ModeChange change, out ModeChange? effective, ref bool registrationChanged)
    {
        effective = null;
        var modes = room.Modes;
        if (change.Mode is 't' or 'n' or 'm' or 'i' or 's' or 'C' && IsSet(modes, change.Mode) == change.Add)
        {
            return ChatError.None; // already so: nothing to announce
        }

        switch (change.Mode)
        {
            case 't':
                room.SetModes(modes with { TopicLocked = change.Add });
                break;
            case 'n':
                room.SetModes(modes with { NoOutsideMessages = change.Add });
                break;
            case 'm':
                room.SetModes(modes with { Moderated = change.Add });
                break;
            case 'i':
                room.SetModes(modes with { InviteOnly = change.Add });
                break;
            case 's':
                room.SetModes(modes with { Secret = change.Add });
                break;
            case 'C':
                room.SetModes(modes with { NoCtcp = change.Add });
                break;
            case 'k' when change.Add:
                if (string.IsNullOrEmpty(change.Argument) || change.Argument.Contains(' ', StringComparison.Ordinal) || change.Argument.Length > MaxKeyLength)
                {
                    return ChatError.InvalidModeArgument;
                }

                room.SetModes(modes with { Key = change.Argument });
                break;
            case 'k':
                room.SetModes(modes with { Key = null });
                effective = change with { Argument = "*" };
                return ChatError.None;
            case 'l' when change.Add:
                if (!int.TryParse(change.Argument, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit <= 0)
                {
                    return ChatError.InvalidModeArgument;
                }

                room.SetModes(modes with { Limit = limit });
                effective = change with { Argument = limit.ToString(CultureInfo.InvariantCulture) };
                return ChatError.None;
            case 'l':
                room.SetModes(modes with { Limit = null });
                effective = change with { Argument = null };
                return ChatError.None;
            case 'o' or 'v':
                if (change.Argument is null)
                {
                    return ChatError.InvalidModeArgument;
                }

                var target = FindInRoom(room, change.Argument);
                if (target is null)
                {
                    return ChatError.NoSuchNick;
                }

                if (!room.SetStatus(target, change.Mode, change.Add, out var changed))
                {
                    return ChatError.TargetNotInRoom;
                }

                if (change.Mode == 'o')
                {
                    // Even +o on an operator already: its account goes on a registered room's list.
                    TrackOperator(room, target, change.Add, ref registrationChanged);
                }

                if (!changed)
                {
                    // +o on an operator, -v on someone without voice: done already, so nobody is told.
                    return ChatError.None;
                }

                effective = change with { Argument = target.Nick };
                return ChatError.None;
            case 'b' or 'e' or 'I':
                // Completed here, not by the protocols, so "-b bob" finds the "bob!*@*" that "+b bob" stored.
                // Bans, ban exceptions and invite exceptions share the mask syntax and the limit (each list its own);
                // b and e also take the mute extban "m:mask".
                if (RoomListMask.TryNormalize(change.Mode, change.Argument) is not { } mask)
                {
                    return ChatError.InvalidModeArgument;
                }

                var done = change.Add
                    ? room.AddToList(change.Mode, new RoomBan(mask, member.Nick, _time.GetUtcNow()), Options.MaxBansPerRoom)
                    : room.RemoveFromList(change.Mode, mask);
                if (!done)
                {
                    return change.Add && room.ListOf(change.Mode)!.Count >= Options.MaxBansPerRoom ? ChatError.BanListFull : ChatError.None;
                }

                effective = change with { Argument = mask };
                return ChatError.None;
            default:
                return ChatError.UnknownMode;
        }

        effective = change;
        return ChatError.None;
    }

    private static bool IsSet(RoomModes modes, char flag) => flag switch
    {
        't' => modes.TopicLocked,
        'n' => modes.NoOutsideMessages,
        'm' => modes.Moderated,
        's' => modes.Secret,
        'C' => modes.NoCtcp,
        _ => modes.InviteOnly,
    };
}
