using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// REDACT: deleting a message (https://ircv3.net/specs/extensions/message-redaction, the
/// <c>draft/message-redaction</c> cap). The rules are the hub's (<see cref="ChatHub.RedactInRoomAsync"/>);
/// this maps them to the spec's FAIL codes.
/// </summary>
/// <remarks>
/// Threads: the session's read loop only; keeps no state. Refusals are always <c>FAIL</c>, with or
/// without standard-replies: a client that sends REDACT knows the draft, and the draft answers
/// with FAIL.
/// </remarks>
internal sealed class IrcRedactionCommands(IIrcCommandContext context)
{
    private ChatHub Hub => context.Hub;

    /// <summary><c>REDACT &lt;target&gt; &lt;msgid&gt; [:reason]</c>.</summary>
    public async ValueTask RedactAsync(IrcMessage message)
    {
        var target = message.Parameters[0];
        var messageId = message.Parameters[1];
        var reason = message.Parameters.Count > 2 ? message.Parameters[2] : string.Empty;
        ChatError error;
        ChatEvent? redaction;
        if (target.StartsWith('#'))
        {
            if (IrcChannels.Find(Hub, target) is not { } room)
            {
                Fail("INVALID_TARGET", [target], "No such channel");
                return;
            }

            try
            {
                (error, redaction) = await Hub.RedactInRoomAsync(context.Member, room, messageId, reason);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Fail("TEMPORARILY_UNAVAILABLE", [target, messageId], "History could not be changed just now; nothing was deleted");
                return;
            }
        }
        else
        {
            try
            {
                (error, redaction) = await Hub.RedactPrivateAsync(context.Member, target, messageId, reason);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Fail("TEMPORARILY_UNAVAILABLE", [target, messageId], "History could not be changed just now; nothing was deleted");
                return;
            }
        }

        switch (error)
        {
            case ChatError.None:
                if (context.Caps.Has(IrcCaps.MessageRedaction))
                {
                    context.Echo(redaction!);
                }

                break;
            case ChatError.NotInRoom:
                Fail("INVALID_TARGET", [target], "You are not on that channel");
                break;
            case ChatError.NoSuchNick:
                Fail("INVALID_TARGET", [target], "No such nick");
                break;
            case ChatError.NotOperator:
                Fail("REDACT_FORBIDDEN", [target, messageId], "You may not delete that message");
                break;
            default:
                Fail("UNKNOWN_MSGID", [target, messageId], "No such message");
                break;
        }
    }

    private void Fail(string code, string[] parameters, string description) =>
        context.ServerReply("FAIL", ["REDACT", code, .. parameters.Select(IrcText.ForEcho), description]);
}
