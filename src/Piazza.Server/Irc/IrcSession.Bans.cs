using System.Globalization;

using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Irc;
using Piazza.Server.Operators;

namespace Piazza.Server.Irc;

/// <summary>
/// Server bans, operators only (docs/protocol-irc.md):
/// <code>
///   KLINE [duration] nick!user@host :reason     UNKLINE nick!user@host
///   DLINE [duration] ip-or-cidr :reason         UNDLINE ip-or-cidr
///   STATS k | STATS d                            216 / 225 per ban, then 219
///   duration = minutes, or a number with s m h d w; 0 or none: until lifted
/// </code>
/// Each answers with a NOTICE saying what it did; a bad target gets
/// <c>FAIL KLINE INVALID_PARAMS</c> (a NOTICE without standard-replies).
/// </summary>
internal sealed partial class IrcSession
{
    internal ValueTask KLineAsync(IrcMessage message) => AddBanAsync(message, ServerBanKind.Mask);

    internal ValueTask DLineAsync(IrcMessage message) => AddBanAsync(message, ServerBanKind.Address);

    /// <summary>UNKLINE and UNDLINE: both lift the ban on exactly that mask or block.</summary>
    internal async ValueTask UnbanAsync(IrcMessage message)
    {
        var result = await Hub.UnbanAsync(Member, message.Parameters[0]);
        switch (result.Error)
        {
            case ChatError.NotServerOperator:
                Numeric(IrcNumerics.ErrNoPrivileges, NotOperator);
                return;
            case ChatError.InvalidModeArgument:
                Fail(message.Command, "INVALID_PARAMS", result.Problem!);
                return;
            case ChatError.NoSuchBan:
                ServerReply("NOTICE", Nick, $"No server ban on {message.Parameters[0]}");
                return;
        }

        OperatorLog.BanRemoved(Logger, Member.Nick, result.Ban!.Mask);
        if (result.Problem is { } problem)
        {
            OperatorLog.BanNotStored(Logger, result.Ban.Mask, problem);
        }

        ServerReply("NOTICE", Nick, $"Lifted the server ban on {result.Ban.Mask}{(result.Problem is null ? string.Empty : "; " + result.Problem)}");
    }

    /// <summary>STATS k (mask bans) and STATS d (address bans) for operators; other letters only end the report.</summary>
    internal void Stats(IrcMessage message)
    {
        var letter = message.Parameters[0];
        var kind = letter switch
        {
            "k" or "K" => ServerBanKind.Mask,
            "d" or "D" => ServerBanKind.Address,
            _ => (ServerBanKind?)null,
        };
        if (kind is { } wanted)
        {
            if (!Member.IsServerOperator)
            {
                Numeric(IrcNumerics.ErrNoPrivileges, NotOperator);
                return;
            }

            var now = Hub.ServerBans.Now;
            foreach (var ban in Hub.ServerBans.Active.Where(b => b.Kind == wanted))
            {
                var left = ban.ExpiresAt is { } end ? Math.Max(1, (long)(end - now).TotalSeconds) : 0;
                Numeric(wanted == ServerBanKind.Mask ? IrcNumerics.RplStatsKLine : IrcNumerics.RplStatsDLine,
                    wanted == ServerBanKind.Mask ? "K" : "D", ban.Mask, left.ToString(CultureInfo.InvariantCulture), ban.SetBy, ban.Reason);
            }
        }

        Numeric(IrcNumerics.RplEndOfStats, letter, "End of /STATS report");
    }

    private async ValueTask AddBanAsync(IrcMessage message, ServerBanKind kind)
    {
        var p = message.Parameters;
        TimeSpan? duration = null;
        var at = 0;
        if (p.Count >= 2 && BanDuration.TryParse(p[0], out var typed))
        {
            duration = typed;
            at = 1;
        }

        var target = p[at];
        var reason = p.Count > at + 1 ? p[at + 1] : string.Empty;
        var result = await Hub.BanAsync(Member, target, kind, duration, reason);
        switch (result.Error)
        {
            case ChatError.NotServerOperator:
                Numeric(IrcNumerics.ErrNoPrivileges, NotOperator);
                return;
            case ChatError.InvalidModeArgument or ChatError.BanListFull:
                Fail(message.Command, "INVALID_PARAMS", result.Problem!);
                return;
        }

        var ban = result.Ban!;
        var lasting = BanDuration.Describe(ban, ban.SetAt);
        OperatorLog.BanAdded(Logger, Member.Nick, ban.Mask, lasting, ban.Reason, result.Cut);
        if (result.Problem is { } problem)
        {
            OperatorLog.BanNotStored(Logger, ban.Mask, problem);
        }

        ServerReply("NOTICE", Nick, $"Banned {ban.Mask} {lasting} ({ban.Reason}); {result.Cut} client(s) cut{(result.Problem is null ? string.Empty : "; " + result.Problem)}");
    }

    /// <summary>Cuts this client when a server ban matches the name it has now (after NICK); true when it did.</summary>
    private bool CutIfBanned()
    {
        if (Hub.BanFor(Member) is not { } ban)
        {
            return false;
        }

        OperatorLog.BannedClientRefused(Logger, Member.BanIdentity, Address, ban.Mask, ban.Reason);
        Close(ban.ClientReason);
        QuitReason = ban.ClientReason; // stops the read loop now, not after the lines already received
        return true;
    }
}
