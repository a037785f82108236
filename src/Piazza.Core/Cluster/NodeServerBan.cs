using Piazza.Core.Bans;

namespace Piazza.Core.Cluster;

/// <summary>
/// A server ban as one node's operator set or lifted it (KLINE, DLINE, their UN- forms, plain
/// <c>/ban</c> and <c>/unban</c>), for the others: the whole ban, not the command, so taking it
/// twice changes nothing. The node where it changed writes it to the store; the others only take it.
/// </summary>
/// <param name="Mask">The ban's mask, normalised (<see cref="ServerBanMask"/>).</param>
/// <param name="Ban">The ban now in force on the mask; null when it was lifted.</param>
public sealed record NodeServerBan(string Mask, ServerBan? Ban);
