using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// Saying things: PRIVMSG, NOTICE, TAGMSG, to channels and nicks
/// (https://modern.ircdocs.horse/#privmsg-message). NOTICE never gets error replies.
/// </summary>
/// <remarks>Threads: the session's read loop only; keeps no state.</remarks>
internal sealed class IrcMessageCommands(IIrcCommandContext context, IrcChanServCommands chanServ)
{
    /// <summary>How many targets one PRIVMSG, NOTICE or TAGMSG may name (ISUPPORT TARGMAX); more get 407.</summary>
    public const int MaxTargets = 4;

    private ChatHub Hub => context.Hub;

    private Member Member => context.Member;

    /// <summary>
    /// [@+tag[=value];…] PRIVMSG/NOTICE target[,target…] :text. A CTCP ACTION becomes an action
    /// for plain users too. Client-only tags (https://ircv3.net/specs/extensions/message-tags#client-only-tags)
    /// from a message-tags client go with the message to message-tags receivers (the parser
    /// bounds them: over 4094 bytes is 417 and nothing is sent). The text came in one line, so an
    /// IRC receiver gets it in one line, cut if the sender's prefix makes it too long
    /// (<see cref="ChatEvent.OneLine"/>).
    /// </summary>
    public ValueTask MessageAsync(IrcMessage message, bool notice)
    {
        var command = notice ? "NOTICE" : "PRIVMSG";
        if (message.Parameters.Count == 0 || message.Parameters[0].Length == 0)
        {
            ErrorUnlessNotice(notice, IrcNumerics.ErrNoRecipient, $"No recipient given ({command})");
            return default;
        }

        if (message.Parameters.Count < 2 || message.Parameters[1].Length == 0)
        {
            ErrorUnlessNotice(notice, IrcNumerics.ErrNoTextToSend, "No text to send");
            return default;
        }

        var text = message.Parameters[1];
        var style = notice ? MessageStyle.Notice : MessageStyle.Text;
        if (!notice && IrcCtcp.TryParseAction(text, out var action))
        {
            (style, text) = (MessageStyle.Action, action);
        }

        var targets = Targets(message.Parameters[0], notice) ?? [];

        // In a cluster a channel message's echo comes when the message is shown, at its place
        // among the others (ChatHub.ShowHeld), and a stored private message's once it is
        // committed; to one target, it carries the command's label.
        var label = Hub.Cluster is not null && targets is [var only] && !NickName.Comparer.Equals(only, ChatHub.ChanServNick) && !IrcStatusTarget.TryParse(only, out _, out _) ? context.DeferLabel() : null;
        var extras = new MessageExtras(ClientTags(message), OneLine: true) { ReplyLabel = label };
        var serviceAsked = false;
        List<string>? toLocate = null;
        List<ChatEvent>? held = null;
        foreach (var target in targets)
        {
            if (NickName.Comparer.Equals(target, ChatHub.ChanServNick))
            {
                // ChanServ's commands, once a message; a NOTICE gets no answer.
                serviceAsked = !notice;
            }
            else if (target.StartsWith('#'))
            {
                if (SendToChannel(target, text, style, extras, notice) is { } waiting)
                {
                    (held ??= []).Add(waiting);
                }
            }
            else if (IrcStatusTarget.TryParse(target, out var audience, out var channel))
            {
                SendToChannelStatus(target, channel, audience, text, style, extras, notice);
            }
            else if (Hub.MustLocate(target))
            {
                // In a cluster, a nick this node does not show: its node is asked of the cluster.
                (toLocate ??= []).Add(target);
            }
            else if (SendToNick(target, text, style, extras, notice) is { } waiting)
            {
                (held ??= []).Add(waiting);
            }
        }

        if (held is not null || toLocate is not null)
        {
            return FinishAsync(held, toLocate, text, style, extras, notice, serviceAsked ? message.Parameters[1] : null);
        }

        // Last, as it may wait for the store: nothing else of this command runs while it does.
        return serviceAsked ? chanServ.MessageAsync(message.Parameters[1]) : default;
    }

    /// <summary>
    /// In a cluster: waits until each channel message is shown (committed and placed in its room's
    /// order, <see cref="ChatHub.WaitShownAsync"/>; its echo went then), and each stored private
    /// message (committed); the targets on other nodes, each once the cluster said where; then
    /// ChanServ's command, if one was asked.
    /// </summary>
    private async ValueTask FinishAsync(List<ChatEvent>? held, List<string>? toLocate, string text, MessageStyle style, MessageExtras extras, bool notice, string? chanServText)
    {
        foreach (var said in held ?? [])
        {
            await WaitShownAsync(context, Hub, said);
        }

        foreach (var nick in toLocate ?? [])
        {
            if (SendToNick(nick, text, style, extras, notice, await Hub.LocateRecipientAsync(Member, nick)) is { } waiting)
            {
                await WaitShownAsync(context, Hub, waiting);
            }
        }

        if (chanServText is not null)
        {
            await chanServ.MessageAsync(chanServText);
        }
    }

    /// <summary>
    /// @+tag[=value];… TAGMSG target[,target…]
    /// (https://ircv3.net/specs/extensions/message-tags#the-tagmsg-tag-only-message): the
    /// client-only tags (keys starting with '+'; the parser bounds their size) go, with the
    /// sender's source and our time and msgid, to recipients that negotiated message-tags, under
    /// the rules PRIVMSG follows (+n, +m, bans), to a channel, a STATUSMSG target (@#chan, +#chan:
    /// its operators, or its voiced and operators) or a nick. A client without message-tags may not send tags,
    /// and a TAGMSG without client-only tags carries nothing: both are ignored.
    /// </summary>
    public ValueTask TagMessageAsync(IrcMessage message)
    {
        var clientTags = ClientTags(message);
        if (clientTags.Length == 0)
        {
            return default;
        }

        foreach (var target in Targets(message.Parameters[0], notice: false) ?? [])
        {
            var audience = RoomAudience.Everyone;
            var channel = target;
            if (!target.StartsWith('#') && !IrcStatusTarget.TryParse(target, out audience, out channel))
            {
                if (Hub.SendTagsPrivate(Member, target, clientTags, out _, out var sent) == ChatError.None)
                {
                    EchoMessage(sent!);
                }
                else
                {
                    context.Numeric(IrcNumerics.ErrNoSuchNick, target, "No such nick/channel");
                }
            }
            else if (IrcChannels.Find(Hub, channel) is not { } room)
            {
                context.Numeric(IrcNumerics.ErrNoSuchNick, target, "No such nick/channel");
            }
            else if (Hub.SendTagsToRoom(Member, room, clientTags, out var sent, audience) == ChatError.None)
            {
                EchoMessage(sent!);
            }
            else
            {
                context.Numeric(IrcNumerics.ErrCannotSendToChan, IrcEventEncoder.Channel(room), "Cannot send to channel");
            }
        }

        return default;
    }

    /// <summary>
    /// A message's client-only tags (keys starting with '+'), or none when the client did not
    /// negotiate message-tags: such a client may not send tags, so they are not relayed.
    /// </summary>
    public static KeyValuePair<string, string>[] ClientTags(IrcMessage message, IrcCapabilitySet caps) =>
        caps.Has(IrcCaps.MessageTags) ? [.. message.Tags.Where(t => t.Key.StartsWith('+'))] : [];

    private KeyValuePair<string, string>[] ClientTags(IrcMessage message) => ClientTags(message, context.Caps);

    /// <summary>Says the text in the channel; returns the message when it is not shown yet (in a cluster), for the command to wait for it.</summary>
    private ChatEvent? SendToChannel(string channel, string text, MessageStyle style, MessageExtras extras, bool notice)
    {
        var room = IrcChannels.Find(Hub, channel);
        if (room is null)
        {
            context.Relabel(extras.ReplyLabel);
            ErrorUnlessNotice(notice, IrcNumerics.ErrNoSuchNick, channel, "No such nick/channel");
            return null;
        }

        var error = Hub.SendToRoom(Member, room, text, style, extras, out var said);
        if (error == ChatError.None && Hub.Cluster is not null)
        {
            // Its echo goes as it is shown (IrcReplies.SendShown); the command waits for that.
            return Hub.WhenShownAsync(said!).IsCompleted ? null : said;
        }

        if (error == ChatError.None)
        {
            EchoMessage(said!);
            return null;
        }

        // Not sent: the reply is the command's, under the label it deferred for the echo.
        context.Relabel(extras.ReplyLabel);
        ErrorUnlessNotice(notice, IrcNumerics.ErrCannotSendToChan, IrcEventEncoder.Channel(room), error == ChatError.NotStored ? NotStoredText : "Cannot send to channel");
        return null;
    }

    /// <summary>Why a private message was refused when the cluster's shared history cannot take it (<see cref="ChatError.NotStored"/>), in a FAIL PRIVMSG STORE_FAILED.</summary>
    public const string NotStoredToNickText = "The history cannot store messages now, so nothing was sent; try again";

    /// <summary>Why a channel message was refused when the cluster's shared history cannot take it (<see cref="ChatError.NotStored"/>).</summary>
    public const string NotStoredText = "Cannot send to channel: the history cannot store messages now, so nothing was sent; try again";

    /// <summary>
    /// Waits until a channel message held by the cluster is shown (its echo goes then); past
    /// <see cref="ChatHub.ShownPatience"/>, tells the sender it waits for the history and lets it
    /// go on: the message goes out, echo included, once stored.
    /// </summary>
    public static async ValueTask WaitShownAsync(IIrcCommandContext context, ChatHub hub, ChatEvent said)
    {
        if (!await hub.WaitShownAsync(said))
        {
            var to = said.Room is { } room ? IrcEventEncoder.Channel(room) : said.TargetNick;
            context.ServerReply("NOTICE", context.Nick, $"Your message to {to} waits for the history to store it; it goes out once stored");
        }
    }

    /// <summary>A STATUSMSG (<c>PRIVMSG @#chan</c>, <c>+#chan</c>): to the channel's operators, or voiced and operators.</summary>
    private void SendToChannelStatus(string target, string channel, RoomAudience audience, string text, MessageStyle style, MessageExtras extras, bool notice)
    {
        var room = IrcChannels.Find(Hub, channel);
        if (room is null)
        {
            ErrorUnlessNotice(notice, IrcNumerics.ErrNoSuchNick, target, "No such nick/channel");
            return;
        }

        if (Hub.SendToRoomStatus(Member, room, audience, text, style, extras, out var said) == ChatError.None)
        {
            EchoMessage(said!);
        }
        else
        {
            ErrorUnlessNotice(notice, IrcNumerics.ErrCannotSendToChan, IrcEventEncoder.Channel(room), "Cannot send to channel");
        }
    }

    /// <summary>
    /// Sends the text to the member named <paramref name="nick"/>; returns the message when it is not
    /// shown yet (in a cluster, a stored one waits for its commit), for the command to wait for it:
    /// its echo goes then (<see cref="IrcReplies.SendShown"/>), under the label the command deferred.
    /// </summary>
    private ChatEvent? SendToNick(string nick, string text, MessageStyle style, MessageExtras extras, bool notice, Member? located = null)
    {
        var error = Hub.SendPrivate(Member, nick, text, style, extras, out var target, out var sent, located);
        return AnswerPrivate(context, Hub, error, nick, target, sent, extras.ReplyLabel, notice);
    }

    /// <summary>
    /// Answers a private message <see cref="ChatHub.SendPrivate(Member, string, string, MessageStyle, MessageExtras, out Member?, out ChatEvent?, Member?)"/>
    /// took (<paramref name="error"/>): its echo, RPL_AWAY, or its error, under the label the command
    /// deferred (<paramref name="label"/>). Returns the message when it is held (in a cluster, a
    /// stored one waits for its commit): its echo goes then, under that label (<see cref="IrcReplies.SendShown"/>),
    /// and the command waits for it (<see cref="WaitShownAsync"/>).
    /// </summary>
    public static ChatEvent? AnswerPrivate(IIrcCommandContext context, ChatHub hub, ChatError error, string nick, Member? target, ChatEvent? sent, string? label, bool notice)
    {
        var held = error == ChatError.None && !hub.WhenShownAsync(sent!).IsCompleted;
        if (!held)
        {
            context.Relabel(label);
        }

        switch (error)
        {
            case ChatError.None:
                if (!held && context.Caps.Has(IrcCaps.EchoMessage))
                {
                    context.Echo(sent!);
                }

                if (!notice && target!.Away is { } away)
                {
                    context.Numeric(IrcNumerics.RplAway, target.Nick, away);
                }

                return held ? sent : null;
            case ChatError.NotStored when !notice:
                // No numeric says "not sent to this nick, try again" (401 would say it is gone).
                context.Fail("PRIVMSG", "STORE_FAILED", [nick], NotStoredToNickText);
                return null;
            case ChatError.NotStored:
                return null;
            default:
                if (!notice)
                {
                    context.Numeric(IrcNumerics.ErrNoSuchNick, nick, "No such nick/channel");
                }

                return null;
        }
    }

    /// <summary>
    /// The distinct targets of a PRIVMSG, NOTICE or TAGMSG, or null when there are more than
    /// TARGMAX allows: then nothing is sent, and the client (unless it sent a NOTICE) gets
    /// <c>407 &lt;client&gt; &lt;first target past the limit&gt; :Too many targets…</c>. Refusing the
    /// whole message tells the client plainly that none went out (hybrid and solanum deliver the
    /// first few and stop, which leaves it to guess which did).
    /// </summary>
    private string[]? Targets(string list, bool notice)
    {
        var targets = list.Split(',', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (targets.Length <= MaxTargets)
        {
            return targets;
        }

        ErrorUnlessNotice(notice, IrcNumerics.ErrTooManyTargets, targets[MaxTargets], $"Too many targets, at most {MaxTargets}: nothing was sent");
        return null;
    }

    /// <summary>With echo-message, the sender sees its message as the others do (https://ircv3.net/specs/extensions/echo-message).</summary>
    private void EchoMessage(ChatEvent said)
    {
        if (context.Caps.Has(IrcCaps.EchoMessage))
        {
            context.Echo(said);
        }
    }

    private void ErrorUnlessNotice(bool notice, string code, params string[] args)
    {
        if (!notice)
        {
            context.Numeric(code, args);
        }
    }
}
