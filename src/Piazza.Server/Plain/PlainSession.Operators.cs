using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Line;
using Piazza.Server.Operators;

namespace Piazza.Server.Plain;

/// <summary>Server operators from the plain protocol: /oper, /kill, /wallops (docs/protocol-plain.md).</summary>
internal sealed partial class PlainSession
{
    private const string NotServerOperator = "only server operators may do that; /oper NAME PASSWORD first";

    /// <summary><c>/oper NAME PASSWORD</c>: the slow password check runs off the read loop, which awaits it.</summary>
    private async ValueTask<string?> OperAsync(LineCommand command)
    {
        if (command.Target.Length == 0 || command.Text.Length == 0)
        {
            SendError("usage: /oper NAME PASSWORD");
            return null;
        }

        if (!Member.IsServerOperator)
        {
            var account = await Operators.AuthenticateAsync(command.Target, command.Text, $"{Member.Name} ({Address})");
            if (account is null)
            {
                SendError("wrong operator name or password");
                return null;
            }

            Hub.MakeServerOperator(Member, account);
        }

        SendNotice("you are now a server operator: you operate every room; /kill, /ban and /wallops are yours");
        return null;
    }

    private void Kill(LineCommand command)
    {
        if (command.Target.Length == 0)
        {
            SendError("usage: /kill NICK [REASON]");
            return;
        }

        switch (Hub.Kill(Member, command.Target, command.Text, out var victim))
        {
            case ChatError.NotServerOperator:
                SendError(NotServerOperator);
                break;
            case ChatError.NoSuchNick:
                SendError($"no one is called {command.Target}");
                break;
            default:
                OperatorLog.Killed(Logger, Member.Name, victim!.Nick, victim.Address, command.Text);
                SendNotice($"you killed {victim.Name} ({(command.Text.Length == 0 ? Member.Nick : command.Text)})");
                break;
        }
    }

    private void Wallops(LineCommand command)
    {
        switch (Hub.Wallops(Member, command.Text, out _))
        {
            case ChatError.NotServerOperator:
                SendError(NotServerOperator);
                break;
            case ChatError.EmptyText:
                SendError("usage: /wallops TEXT");
                break;
        }
    }

    /// <summary><c>/ban MASK-OR-IP [DURATION] [REASON]</c>: the kind follows the target's shape.</summary>
    private async ValueTask<string?> BanAsync(LineCommand command)
    {
        if (command.Target.Length == 0)
        {
            SendError("usage: /ban MASK-OR-IP [DURATION] [REASON]");
            return null;
        }

        var reason = command.Text;
        TimeSpan? duration = null;
        var firstWord = reason.Split(' ', 2)[0];
        if (BanDuration.TryParse(firstWord, out var typed))
        {
            duration = typed;
            reason = reason[firstWord.Length..].TrimStart();
        }

        var result = await Hub.BanAsync(Member, command.Target, kind: null, duration, reason);
        switch (result.Error)
        {
            case ChatError.NotServerOperator:
                SendError(NotServerOperator);
                return null;
            case ChatError.InvalidModeArgument or ChatError.BanListFull:
                SendError(result.Problem!);
                return null;
        }

        var ban = result.Ban!;
        var lasting = BanDuration.Describe(ban, ban.SetAt);
        OperatorLog.BanAdded(Logger, Member.Name, ban.Mask, lasting, ban.Reason, result.Cut);
        if (result.Problem is { } problem)
        {
            OperatorLog.BanNotStored(Logger, ban.Mask, problem);
            SendError($"the ban on {ban.Mask} is {problem}");
        }

        SendNotice($"you banned {ban.Mask} from the server {lasting} ({ban.Reason}); {result.Cut} cut");
        return null;
    }

    /// <summary><c>/unban MASK-OR-IP</c></summary>
    private async ValueTask<string?> UnbanAsync(LineCommand command)
    {
        if (command.Target.Length == 0)
        {
            SendError("usage: /unban MASK-OR-IP");
            return null;
        }

        var result = await Hub.UnbanAsync(Member, command.Target);
        switch (result.Error)
        {
            case ChatError.NotServerOperator:
                SendError(NotServerOperator);
                return null;
            case ChatError.InvalidModeArgument:
                SendError(result.Problem!);
                return null;
            case ChatError.NoSuchBan:
                SendError($"no server ban on {command.Target}; /bans lists them");
                return null;
        }

        OperatorLog.BanRemoved(Logger, Member.Name, result.Ban!.Mask);
        if (result.Problem is { } problem)
        {
            OperatorLog.BanNotStored(Logger, result.Ban.Mask, problem);
            SendError($"the ban on {result.Ban.Mask} was {problem}");
        }

        SendNotice($"you lifted the server ban on {result.Ban.Mask}");
        return null;
    }

    /// <summary><c>/bans</c>: every server ban in force, oldest first.</summary>
    private void ListBans()
    {
        if (!Member.IsServerOperator)
        {
            SendError(NotServerOperator);
            return;
        }

        var bans = Hub.ServerBans.Active;
        var now = Hub.ServerBans.Now;
        SendNotice(bans.Count == 1 ? "1 server ban:" : $"{bans.Count} server bans:");
        foreach (var ban in bans)
        {
            SendNotice($"  {ban.Mask} (by {ban.SetBy}, {BanDuration.Describe(ban, now)}): {ban.Reason}");
        }
    }

    /// <summary>Logs a client a server ban matches and returns the reason it quits with (the read loop then ends).</summary>
    private string CutBanned(ServerBan ban)
    {
        OperatorLog.BannedClientRefused(Logger, Member.BanIdentity, Address, ban.Mask, ban.Reason);
        SendNotice(ban.ClientReason);
        return ban.ClientReason;
    }
}
