using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

internal sealed partial class IrcSession
{
    /// <summary>How many targets one PRIVMSG or NOTICE may name (ISUPPORT TARGMAX).</summary>
    private const int MaxTargets = 4;

    /// <summary>
    /// PRIVMSG/NOTICE target[,target…] :text (https://modern.ircdocs.horse/#privmsg-message).
    /// A CTCP ACTION becomes an action for plain users too. NOTICE never gets error replies.
    /// </summary>
    internal void Message(IrcMessage message, bool notice)
    {
        var command = notice ? "NOTICE" : "PRIVMSG";
        if (message.Parameters.Count == 0 || message.Parameters[0].Length == 0)
        {
            ErrorUnlessNotice(notice, IrcNumerics.ErrNoRecipient, $"No recipient given ({command})");
            return;
        }

        if (message.Parameters.Count < 2 || message.Parameters[1].Length == 0)
        {
            ErrorUnlessNotice(notice, IrcNumerics.ErrNoTextToSend, "No text to send");
            return;
        }

        var text = message.Parameters[1];
        var style = notice ? MessageStyle.Notice : MessageStyle.Text;
        if (!notice && IrcCtcp.TryParseAction(text, out var action))
        {
            (style, text) = (MessageStyle.Action, action);
        }

        foreach (var target in message.Parameters[0].Split(',', StringSplitOptions.RemoveEmptyEntries).Distinct().Take(MaxTargets))
        {
            if (target.StartsWith('#'))
            {
                SendToChannel(target, text, style, notice);
            }
            else
            {
                SendToNick(target, text, style, notice);
            }
        }
    }

    /// <summary>AWAY [:message]: away with a message, back without.</summary>
    internal void AwayCommand(IrcMessage message)
    {
        var text = message.Parameters.Count > 0 ? message.Parameters[0] : string.Empty;
        Hub.SetAway(Member, text);
        if (text.Length == 0)
        {
            Numeric(IrcNumerics.RplUnAway, "You are no longer marked as being away");
        }
        else
        {
            Numeric(IrcNumerics.RplNowAway, "You have been marked as being away");
        }
    }

    /// <summary>SETNAME :realname (https://ircv3.net/specs/extensions/setname).</summary>
    internal void SetName(IrcMessage message)
    {
        if (!_caps.HasFlag(IrcCaps.SetName))
        {
            Numeric(IrcNumerics.ErrUnknownCommand, "SETNAME", "Unknown command");
            return;
        }

        var changed = Hub.SetRealName(Member, message.Parameters[0]);
        var mode = TagMode;
        Reply(tags => IrcWriter.Format(IrcEventEncoder.TagsFor(changed, mode, tags), IrcEventEncoder.SourceOf(changed), "SETNAME", [changed.Text], trailing: true));
    }

    private void SendToChannel(string channel, string text, MessageStyle style, bool notice)
    {
        var room = FindChannel(channel);
        if (room is null)
        {
            ErrorUnlessNotice(notice, IrcNumerics.ErrNoSuchNick, channel, "No such nick/channel");
            return;
        }

        switch (Hub.SendToRoom(Member, room, text, style, out var said))
        {
            case ChatError.None:
                EchoMessage(said!);
                break;
            default:
                ErrorUnlessNotice(notice, IrcNumerics.ErrCannotSendToChan, IrcEventEncoder.Channel(room), "Cannot send to channel");
                break;
        }
    }

    private void SendToNick(string nick, string text, MessageStyle style, bool notice)
    {
        switch (Hub.SendPrivate(Member, nick, text, style, out var target, out var sent))
        {
            case ChatError.None:
                EchoMessage(sent!);
                if (!notice && target!.Away is { } away)
                {
                    Numeric(IrcNumerics.RplAway, target.Nick, away);
                }

                break;
            default:
                ErrorUnlessNotice(notice, IrcNumerics.ErrNoSuchNick, nick, "No such nick/channel");
                break;
        }
    }

    /// <summary>With echo-message, the sender sees its message as the others do (https://ircv3.net/specs/extensions/echo-message).</summary>
    private void EchoMessage(ChatEvent said)
    {
        if (_caps.HasFlag(IrcCaps.EchoMessage))
        {
            Echo(said);
        }
    }

    private void ErrorUnlessNotice(bool notice, string code, params string[] args)
    {
        if (!notice)
        {
            Numeric(code, args);
        }
    }
}
