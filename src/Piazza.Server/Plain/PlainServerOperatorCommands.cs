using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Line;
using Piazza.Server.Accounts;
using Piazza.Server.Operators;

namespace Piazza.Server.Plain;

/// <summary>
/// Server operators from the plain protocol: <c>/oper</c>, <c>/kill</c>, <c>/wallops</c>,
/// <c>/ban</c>, <c>/unban</c>, <c>/bans</c> (docs/protocol-plain.md). A struct made for each
/// command (see <see cref="PlainClientCommands"/>).
/// </summary>
internal readonly struct PlainServerOperatorCommands(IPlainCommandContext context)
{
    private const string NotServerOperator = "only server operators may do that; /oper NAME PASSWORD first";

    private ChatHub Hub => context.Hub;

    private Member Member => context.Member;

    private ILogger Logger => context.Logger;

    private string Address => context.Address;

    private OperatorAuthenticator Operators => context.Operators;

    /// <summary><c>/oper NAME PASSWORD</c>: the slow password check runs off the read loop, which awaits it.</summary>
    public async ValueTask<string?> OperAsync(LineCommand command)
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

    /// <summary><c>/oper-account [NAME [on|off]]</c>: the operator accounts, one account's flag, or setting it.</summary>
    public async ValueTask<string?> OperAccountAsync(LineCommand command)
    {
        if (!Member.IsServerOperator)
        {
            SendError(NotServerOperator);
            return null;
        }

        if (command.Target.Length == 0)
        {
            var names = Hub.Accounts.Operators().Select(a => a.Name).ToList();
            SendNotice(names.Count == 0 ? "no account makes its users server operators" : "operator accounts: " + string.Join(", ", names));
            return null;
        }

        var value = command.Text.Trim();
        if (value.Length == 0)
        {
            SendNotice(Hub.Accounts.Find(command.Target) switch
            {
                null => $"there is no account {command.Target}",
                { IsOperator: true } account => $"logging in to {account.Name} makes one a server operator",
                var account => $"{account.Name} is not an operator account",
            });
            return null;
        }

        bool isOperator;
        if (value.Equals("on", StringComparison.OrdinalIgnoreCase))
        {
            isOperator = true;
        }
        else if (value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            isOperator = false;
        }
        else
        {
            SendError("usage: /oper-account [NAME [on|off]]");
            return null;
        }

        var change = await OperatorAccountFlags.SetAsync(Hub, Logger, Member, command.Target, isOperator);
        if (change.Account is not { } changed)
        {
            SendError($"there is no account {command.Target}");
            return null;
        }

        SendNotice(isOperator
            ? $"logging in to {changed.Name} now makes one a server operator"
            : $"{changed.Name} is no longer an operator account; its users are no longer server operators");
        if (!change.Stored)
        {
            SendError("the change could not be stored: it holds until the server restarts");
        }

        return null;
    }

    /// <summary><c>/kill NICK [REASON]</c></summary>
    public ValueTask<string?> Kill(LineCommand command)
    {
        if (command.Target.Length == 0)
        {
            SendError("usage: /kill NICK [REASON]");
            return default;
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

        return default;
    }

    /// <summary><c>/wallops TEXT</c></summary>
    public ValueTask<string?> Wallops(LineCommand command)
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

        return default;
    }

    /// <summary><c>/ban MASK-OR-IP [DURATION] [REASON]</c>: the kind follows the target's shape.</summary>
    public async ValueTask<string?> BanAsync(LineCommand command)
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
    public async ValueTask<string?> UnbanAsync(LineCommand command)
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
    public ValueTask<string?> ListBans()
    {
        if (!Member.IsServerOperator)
        {
            SendError(NotServerOperator);
            return default;
        }

        var bans = Hub.ServerBans.Active;
        var now = Hub.ServerBans.Now;
        SendNotice(bans.Count == 1 ? "1 server ban:" : $"{bans.Count} server bans:");
        foreach (var ban in bans)
        {
            SendNotice($"  {ban.Mask} (by {ban.SetBy}, {BanDuration.Describe(ban, now)}): {ban.Reason}");
        }

        return default;
    }

    private void SendNotice(string text) => context.SendNotice(text);

    private void SendError(string text) => context.SendError(text);
}
