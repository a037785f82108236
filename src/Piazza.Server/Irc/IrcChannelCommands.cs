using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// What a client does in channels: JOIN, PART, TOPIC, and acting on another member of one: KICK,
/// INVITE (https://modern.ircdocs.horse/#channel-operations). What it is shown of them (the
/// topic and names a JOIN sends, NAMES, LIST) is <see cref="IrcChannelViews"/>.
/// </summary>
/// <remarks>Threads: the session's read loop only; keeps no state (the rooms are the hub's).</remarks>
internal sealed class IrcChannelCommands(IIrcCommandContext context, IrcChannelViews views, IrcJoinReplay replay, IrcReadMarkerCommands readMarkers)
{
    private ChatHub Hub => context.Hub;

    private Member Member => context.Member;

    /// <summary>JOIN #a,#b [key,key] | JOIN 0 (https://modern.ircdocs.horse/#join-message).</summary>
    public async ValueTask JoinAsync(IrcMessage message)
    {
        if (message.Parameters[0] == "0")
        {
            foreach (var room in Member.Rooms)
            {
                if (Hub.Part(Member, room.Name, string.Empty, out _, out var parted) == ChatError.None)
                {
                    context.Echo(parted!);
                }
            }

            return;
        }

        var keys = message.Parameters.Count > 1 ? message.Parameters[1].Split(',') : [];
        var channels = message.Parameters[0].Split(',', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < channels.Length; i++)
        {
            var channel = channels[i];
            if (!channel.StartsWith('#'))
            {
                context.Numeric(IrcNumerics.ErrNoSuchChannel, channel, "No such channel");
                continue;
            }

            var key = i < keys.Length ? keys[i] : null;

            // Looked up first (it may wait for the store), so nothing waits between the JOIN and its names.
            var marker = await readMarkers.LookUpForJoinAsync(channel);

            // In a cluster, a room new to this node is asked of the others: its door, topic and members.
            var fromNodes = await Hub.ViewFromNodesAsync(channel);

            // Earlier messages come before any live one: the room's events wait until they are sent.
            var replaying = replay.TryHold(channel, out var name);
            var error = Hub.Join(Member, channel, key, out var room, out var alreadyIn, out var joined, out var opped, fromNodes);
            if (error == ChatError.None && fromNodes is not null && !alreadyIn)
            {
                await Hub.WhenSharedAsync(room!);
            }

            switch (error)
            {
                case ChatError.None when alreadyIn:
                    break;
                case ChatError.None:
                    context.Echo(joined!);
                    if (marker is not null)
                    {
                        readMarkers.ShowAfterJoin(IrcEventEncoder.Channel(room!), marker);
                    }

                    views.SendTopic(room!, whenNone: false);
                    views.SendNames(room!);
                    if (opped is not null)
                    {
                        // A registered room's founder or operator account: ChanServ's +o, as the room saw it.
                        context.Echo(opped);
                    }

                    break;
                default:
                    JoinError(channel, error);
                    break;
            }

            if (replaying)
            {
                await replay.FinishAsync(name!, error == ChatError.None && !alreadyIn ? room : null);
            }
        }
    }

    /// <summary>PART #a,#b [reason].</summary>
    public ValueTask PartAsync(IrcMessage message)
    {
        var reason = message.Parameters.Count > 1 ? message.Parameters[1] : string.Empty;
        foreach (var channel in message.Parameters[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (IrcChannels.FindOrRefuse(context, channel) is null)
            {
                continue;
            }

            if (Hub.Part(Member, channel, reason, out _, out var parted) == ChatError.None)
            {
                context.Echo(parted!);
            }
            else
            {
                context.Numeric(IrcNumerics.ErrNotOnChannel, channel, "You're not on that channel");
            }
        }

        return default;
    }

    /// <summary>TOPIC #chan [:text].</summary>
    public ValueTask TopicAsync(IrcMessage message)
    {
        if (IrcChannels.FindOrRefuse(context, message.Parameters[0]) is not { } room)
        {
            return default;
        }

        if (message.Parameters.Count == 1)
        {
            views.SendTopic(room, whenNone: true);
            return default;
        }

        switch (Hub.SetTopic(Member, room, message.Parameters[1], out var changed))
        {
            case ChatError.None:
                context.Echo(changed!);
                break;
            case ChatError.NotInRoom:
                context.Numeric(IrcNumerics.ErrNotOnChannel, IrcEventEncoder.Channel(room), "You're not on that channel");
                break;
            case ChatError.NotOperator:
                context.Numeric(IrcNumerics.ErrChanOPrivsNeeded, IrcEventEncoder.Channel(room), "You're not channel operator");
                break;
            default:
                context.Fail("TOPIC", "TOO_LONG", [], $"A topic has at most {Hub.Options.MaxTopicLength} bytes");
                break;
        }

        return default;
    }

    /// <summary>KICK #chan nick[,nick…] [reason], or KICK #a,#b nick1,nick2 (in pairs).</summary>
    public ValueTask KickAsync(IrcMessage message)
    {
        // RFC 2812: one channel and any number of nicks, or as many channels as nicks, in pairs.
        var channels = message.Parameters[0].Split(',', StringSplitOptions.RemoveEmptyEntries);
        var nicks = message.Parameters[1].Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (channels.Length == 0 || nicks.Length == 0 || (channels.Length > 1 && channels.Length != nicks.Length))
        {
            context.Numeric(IrcNumerics.ErrNeedMoreParams, "KICK", "Give one channel, or as many channels as nicks");
            return default;
        }

        var reason = message.Parameters.Count > 2 ? message.Parameters[2] : string.Empty;
        for (var i = 0; i < nicks.Length; i++)
        {
            if (IrcChannels.FindOrRefuse(context, channels[channels.Length == 1 ? 0 : i]) is not { } room)
            {
                continue;
            }

            var error = Hub.Kick(Member, room, nicks[i], reason, out var kicked);
            if (error == ChatError.None)
            {
                context.Echo(kicked!);
            }
            else
            {
                IrcChannels.Refused(context, IrcEventEncoder.Channel(room), nicks[i], error);
            }
        }

        return default;
    }

    /// <summary>
    /// INVITE nick #chan, or INVITE alone: the channels you are invited to
    /// (<c>336 &lt;client&gt; &lt;channel&gt;</c> each, then <c>337 &lt;client&gt; :End of /INVITE list</c>,
    /// https://modern.ircdocs.horse/#invite-message).
    /// </summary>
    public ValueTask InviteAsync(IrcMessage message)
    {
        if (message.Parameters.Count == 0)
        {
            foreach (var invited in Hub.InvitationsOf(Member))
            {
                context.Numeric(IrcNumerics.RplInviteList, IrcEventEncoder.Channel(invited));
            }

            context.Numeric(IrcNumerics.RplEndOfInviteList, "End of /INVITE list");
            return default;
        }

        if (message.Parameters.Count < 2)
        {
            context.Numeric(IrcNumerics.ErrNeedMoreParams, "INVITE", "Not enough parameters");
            return default;
        }

        var nick = message.Parameters[0];
        if (IrcChannels.FindOrRefuse(context, message.Parameters[1]) is not { } room)
        {
            return default;
        }

        if (Hub.MustLocate(nick))
        {
            // In a cluster, a nick this node does not show: its node is asked of the cluster.
            return InviteLocatedAsync(nick, room);
        }

        Invite(nick, room, located: null);
        return default;
    }

    private async ValueTask InviteLocatedAsync(string nick, Room room) => Invite(nick, room, await Hub.LocateNickAsync(nick));

    private void Invite(string nick, Room room, Member? located)
    {
        var error = Hub.Invite(Member, nick, room, out var target, out _, located);
        if (error == ChatError.None)
        {
            context.Numeric(IrcNumerics.RplInviting, target!.Nick, IrcEventEncoder.Channel(room));
            if (target.Away is { } away)
            {
                context.Numeric(IrcNumerics.RplAway, target.Nick, away);
            }
        }
        else
        {
            IrcChannels.Refused(context, IrcEventEncoder.Channel(room), nick, error);
        }
    }

    private void JoinError(string channel, ChatError error)
    {
        var (code, text) = error switch
        {
            ChatError.InvalidRoom => (IrcNumerics.ErrNoSuchChannel, "No such channel"),
            ChatError.TooManyRooms => (IrcNumerics.ErrTooManyChannels, "You have joined too many channels"),
            ChatError.Banned => (IrcNumerics.ErrBannedFromChan, "Cannot join channel (+b)"),
            ChatError.InviteOnly => (IrcNumerics.ErrInviteOnlyChan, "Cannot join channel (+i)"),
            ChatError.BadKey => (IrcNumerics.ErrBadChannelKey, "Cannot join channel (+k)"),
            ChatError.RoomFull => (IrcNumerics.ErrChannelIsFull, "Cannot join channel (+l)"),
            _ => (IrcNumerics.ErrUnknownError, "Cannot join channel"),
        };
        context.Numeric(code, channel, text);
    }
}
