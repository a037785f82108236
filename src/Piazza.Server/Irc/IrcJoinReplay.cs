using Piazza.Core;
using Piazza.Server.History;
using Piazza.Server.Sessions;

namespace Piazza.Server.Irc;

/// <summary>
/// A joining client's replay of the room's recent history, for clients that do not fetch it
/// themselves (no draft/chathistory): <see cref="TryHold"/> before the join, <see cref="FinishAsync"/>
/// after it. The ordering (nothing said around the join lost or shown twice) is
/// <see cref="HistoryReplay"/>'s; this decides who gets a replay and writes it in IRC.
/// </summary>
/// <remarks>Threads: the session's read loop only (the replay's own lock covers deliveries).</remarks>
internal sealed class IrcJoinReplay(IIrcCommandContext context, HistoryOptions history, HistoryReplay replay, IrcHistoryLines lines)
{
    /// <summary>
    /// When a client joining <paramref name="channel"/> is replayed its history (history is on, the
    /// client does not fetch it itself, it is not in the room yet), starts holding what is
    /// delivered to it and gives the room's <paramref name="name"/>; else false.
    /// </summary>
    public bool TryHold(string channel, out string? name)
    {
        name = null;
        var wanted = context.Hub.History is not null && !context.Caps.Has(IrcCaps.ChatHistory) && history.ReplayOnJoin > 0
            && context.Hub.FindRoom(channel)?.Contains(context.Member) != true
            && RoomName.Validate(channel, context.Hub.Options.MaxRoomNameLength, out name) is null;
        if (wanted)
        {
            replay.Hold(name!);
        }

        return wanted;
    }

    /// <summary>
    /// Ends the hold <see cref="TryHold"/> put on <paramref name="name"/>: the room's recent history
    /// when the client <paramref name="entered"/> it, then what the room delivered meanwhile.
    /// </summary>
    public ValueTask FinishAsync(string name, Room? entered) =>
        replay.FinishAsync(name, entered is null ? 0 : history.ReplayOnJoin, earlier =>
        {
            if (entered is not null)
            {
                lines.Send(IrcEventEncoder.Channel(entered), earlier, batchType: null);
            }
        });
}
