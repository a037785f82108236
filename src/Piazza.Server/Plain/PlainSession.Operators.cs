using Piazza.Core;
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
}
