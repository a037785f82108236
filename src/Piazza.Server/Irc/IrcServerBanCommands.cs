using System.Globalization;

using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Irc;
using Piazza.Server.Operators;

namespace Piazza.Server.Irc;

/// <summary>
/// Server bans, operators only (docs/protocol-irc.md; <see cref="IrcStatsCommands"/> lists them):
/// <code>
///   KLINE [duration] nick!user@host :reason     UNKLINE nick!user@host
///   DLINE [duration] ip-or-cidr :reason         UNDLINE ip-or-cidr
///   duration = minutes, or a number with s m h d w; 0 or none: until lifted
/// </code>
/// Each answers with a NOTICE saying what it did; a bad target gets
/// <c>FAIL KLINE INVALID_PARAMS</c> (a NOTICE without standard-replies).
/// </summary>
/// <remarks>Threads: the session's read loop only, which awaits the ban store; keeps no state (the bans are the hub's).</remarks>
internal sealed class IrcServerBanCommands(IIrcCommandContext context, ILogger logger)
{
    private ChatHub Hub => context.Hub;

    private Member Member => context.Member;

    /// <summary>KLINE [duration] nick!user@host :reason.</summary>
    public ValueTask KLineAsync(IrcMessage message) => AddBanAsync(message, ServerBanKind.Mask);

    /// <summary>DLINE [duration] ip-or-cidr :reason.</summary>
    public ValueTask DLineAsync(IrcMessage message) => AddBanAsync(message, ServerBanKind.Address);

    /// <summary>UNKLINE and UNDLINE: both lift the ban on exactly that mask or block.</summary>
    public async ValueTask UnbanAsync(IrcMessage message)
    {
        var result = await Hub.UnbanAsync(Member, message.Parameters[0]);
        switch (result.Error)
        {
            case ChatError.NotServerOperator:
                context.Numeric(IrcNumerics.ErrNoPrivileges, IrcOperatorCommands.NotOperator);
                return;
            case ChatError.InvalidModeArgument:
                context.Fail(message.Command, "INVALID_PARAMS", [], result.Problem!);
                return;
            case ChatError.NoSuchBan:
                context.ServerReply("NOTICE", context.Nick, $"No server ban on {message.Parameters[0]}");
                return;
        }

        OperatorLog.BanRemoved(logger, Member.Nick, result.Ban!.Mask);
        if (result.Problem is { } problem)
        {
            OperatorLog.BanNotStored(logger, result.Ban.Mask, problem);
        }

        context.ServerReply("NOTICE", context.Nick, $"Lifted the server ban on {result.Ban.Mask}{(result.Problem is null ? string.Empty : "; " + result.Problem)}");
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
                context.Numeric(IrcNumerics.ErrNoPrivileges, IrcOperatorCommands.NotOperator);
                return;
            case ChatError.InvalidModeArgument or ChatError.BanListFull:
                context.Fail(message.Command, "INVALID_PARAMS", [], result.Problem!);
                return;
        }

        var ban = result.Ban!;
        var lasting = BanDuration.Describe(ban, ban.SetAt);
        OperatorLog.BanAdded(logger, Member.Nick, ban.Mask, lasting, ban.Reason, result.Cut);
        if (result.Problem is { } problem)
        {
            OperatorLog.BanNotStored(logger, ban.Mask, problem);
        }

        context.ServerReply("NOTICE", context.Nick, $"Banned {ban.Mask} {lasting} ({ban.Reason}); {result.Cut} client(s) cut{(result.Problem is null ? string.Empty : "; " + result.Problem)}");
    }
}
