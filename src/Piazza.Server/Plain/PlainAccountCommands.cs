using Piazza.Core;
using Piazza.Protocol.Line;
using Piazza.Server.Accounts;

namespace Piazza.Server.Plain;

/// <summary>
/// Accounts from the plain protocol: <c>/register PASSWORD</c> (the nick one has chosen becomes an
/// account), <c>/login NAME PASSWORD</c>, <c>/logout</c> (docs/protocol-plain.md). The password
/// checks run off the read loop, which awaits them. A struct made for each command (see
/// <see cref="PlainClientCommands"/>).
/// </summary>
internal readonly struct PlainAccountCommands(IPlainCommandContext context)
{
    private ChatHub Hub => context.Hub;

    private Member Member => context.Member;

    private AccountAuthenticator Accounts => context.Accounts;

    private string Who => $"{Member.Name} ({context.Address})";

    /// <summary><c>/register PASSWORD</c>: registers the member's nick and logs it in.</summary>
    public async ValueTask<string?> RegisterAsync(LineCommand command)
    {
        if (command.Text.Length == 0)
        {
            context.SendError("usage: /register PASSWORD (after /nick NAME: your nick becomes your account)");
            return null;
        }

        if (!Member.HasChosenNick)
        {
            context.SendError("pick a nickname first with /nick NAME: it becomes your account's name");
            return null;
        }

        if (Member.Account is { } current)
        {
            context.SendError($"you are logged in as {current} already");
            return null;
        }

        var result = await Accounts.RegisterAsync(Hub, Member.IsServerOperator, Member.Nick, command.Text, Who);
        switch (result.Outcome)
        {
            case RegisterOutcome.Registered:
                Hub.LogIn(Member, result.Account!);
                context.SendNotice($"registered the account {result.Account!.Name}; you are logged in. Next time: /login {result.Account.Name} PASSWORD"
                    + (result.Problem is { } problem ? $" (but {problem})" : string.Empty));
                break;
            case RegisterOutcome.NameTaken:
                context.SendError($"{Member.Nick} is registered already; /login {Member.Nick} PASSWORD if it is yours");
                break;
            case RegisterOutcome.WeakPassword:
                context.SendError($"the password must be {Accounts.Options.MinPasswordLength} to {AccountOptionsValidator.MaxPasswordLength} characters");
                break;
            case RegisterOutcome.Closed:
                context.SendError("registration is closed on this server");
                break;
            default:
                context.SendError("the server cannot take more accounts");
                break;
        }

        return null;
    }

    /// <summary><c>/login NAME PASSWORD</c></summary>
    public async ValueTask<string?> LogInAsync(LineCommand command)
    {
        if (command.Target.Length == 0 || command.Text.Length == 0)
        {
            context.SendError("usage: /login NAME PASSWORD");
            return null;
        }

        if (Member.Account is { } current)
        {
            context.SendError($"you are logged in as {current} already; /logout first");
            return null;
        }

        var result = await Accounts.LogInAsync(Hub, command.Target, command.Text, Member.Host, Who);
        switch (result.Outcome)
        {
            case LoginOutcome.LoggedIn:
                Hub.LogIn(Member, result.Account!);
                context.SendNotice($"you are logged in as {result.Account!.Name}");
                break;
            case LoginOutcome.Throttled:
                context.SendError($"too many failed logins; try again in {Math.Ceiling(result.Wait.TotalSeconds):0} s");
                break;
            default:
                context.SendError("wrong account name or password");
                break;
        }

        return null;
    }

    /// <summary><c>/logout</c></summary>
    public ValueTask<string?> LogOut()
    {
        if (Hub.LogOut(Member) is null)
        {
            context.SendError("you are not logged in");
        }
        else
        {
            context.SendNotice("you are logged out");
        }

        return default;
    }
}
