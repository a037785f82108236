using System.Globalization;

using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

internal sealed partial class IrcSession
{
    /// <summary>JOIN #a,#b [key,key] | JOIN 0 (https://modern.ircdocs.horse/#join-message).</summary>
    internal async ValueTask JoinAsync(IrcMessage message)
    {
        if (message.Parameters[0] == "0")
        {
            foreach (var room in Member.Rooms)
            {
                if (Hub.Part(Member, room.Name, string.Empty, out _, out var parted) == ChatError.None)
                {
                    Echo(parted!);
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
                Numeric(IrcNumerics.ErrNoSuchChannel, channel, "No such channel");
                continue;
            }

            var key = i < keys.Length ? keys[i] : null;

            // Earlier messages come before any live one: the room's events wait until they are sent.
            var replay = WantsReplay(channel, out var name);
            if (replay)
            {
                Replay.Hold(name!);
            }

            var error = Hub.Join(Member, channel, key, out var room, out var alreadyIn, out var joined);
            switch (error)
            {
                case ChatError.None when alreadyIn:
                    break;
                case ChatError.None:
                    Echo(joined!);
                    SendTopic(room!, whenNone: false);
                    SendNames(room!);
                    break;
                default:
                    JoinError(channel, error);
                    break;
            }

            if (replay)
            {
                await ReplayAsync(name!, error == ChatError.None && !alreadyIn ? room : null);
            }
        }
    }

    /// <summary>PART #a,#b [reason].</summary>
    internal void PartCommand(IrcMessage message)
    {
        var reason = message.Parameters.Count > 1 ? message.Parameters[1] : string.Empty;
        foreach (var channel in message.Parameters[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (FindChannel(channel) is null)
            {
                Numeric(IrcNumerics.ErrNoSuchChannel, channel, "No such channel");
                continue;
            }

            if (Hub.Part(Member, channel, reason, out _, out var parted) == ChatError.None)
            {
                Echo(parted!);
            }
            else
            {
                Numeric(IrcNumerics.ErrNotOnChannel, channel, "You're not on that channel");
            }
        }
    }

    /// <summary>TOPIC #chan [:text].</summary>
    internal void TopicCommand(IrcMessage message)
    {
        var channel = message.Parameters[0];
        var room = FindChannel(channel);
        if (room is null)
        {
            Numeric(IrcNumerics.ErrNoSuchChannel, channel, "No such channel");
            return;
        }

        if (message.Parameters.Count == 1)
        {
            SendTopic(room, whenNone: true);
            return;
        }

        switch (Hub.SetTopic(Member, room, message.Parameters[1], out var changed))
        {
            case ChatError.None:
                Echo(changed!);
                break;
            case ChatError.NotInRoom:
                Numeric(IrcNumerics.ErrNotOnChannel, IrcEventEncoder.Channel(room), "You're not on that channel");
                break;
            case ChatError.NotOperator:
                Numeric(IrcNumerics.ErrChanOPrivsNeeded, IrcEventEncoder.Channel(room), "You're not channel operator");
                break;
            default:
                Fail("TOPIC", "TOO_LONG", $"A topic has at most {Options.MaxTopicLength} bytes");
                break;
        }
    }

    /// <summary>
    /// NAMES [#chan,…] (https://modern.ircdocs.horse/#names-message). Without a channel the
    /// spec says servers SHOULD answer one <c>366 * :End of /NAMES list</c>, and so do we (as
    /// Ergo does): listing every channel, or every user in none, would let anyone enumerate the
    /// server in one line. A channel that does not exist gets its own 366, no 353.
    /// </summary>
    internal void Names(IrcMessage message)
    {
        if (message.Parameters.Count == 0)
        {
            Numeric(IrcNumerics.RplEndOfNames, "*", "End of /NAMES list");
            return;
        }

        foreach (var channel in message.Parameters[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (FindChannel(channel) is { } room)
            {
                SendNames(room);
            }
            else
            {
                Numeric(IrcNumerics.RplEndOfNames, channel, "End of /NAMES list");
            }
        }
    }

    /// <summary>LIST [#chan,…]: every open room, with its member count and topic.</summary>
    internal void List(IrcMessage message)
    {
        var wanted = message.Parameters.Count > 0
            ? message.Parameters[0].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(FindChannel).OfType<Room>()
            : Hub.Rooms;
        Numeric(IrcNumerics.RplListStart, "Channel", "Users  Name");
        foreach (var room in wanted)
        {
            Numeric(IrcNumerics.RplList, IrcEventEncoder.Channel(room), room.Count.ToString(CultureInfo.InvariantCulture), room.Topic?.Text ?? string.Empty);
        }

        Numeric(IrcNumerics.RplListEnd, "End of /LIST");
    }

    /// <summary>KICK #chan nick [reason].</summary>
    internal void KickCommand(IrcMessage message)
    {
        var channel = message.Parameters[0];
        var room = FindChannel(channel);
        if (room is null)
        {
            Numeric(IrcNumerics.ErrNoSuchChannel, channel, "No such channel");
            return;
        }

        var reason = message.Parameters.Count > 2 ? message.Parameters[2] : string.Empty;
        foreach (var nick in message.Parameters[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var error = Hub.Kick(Member, room, nick, reason, out var kicked);
            if (error == ChatError.None)
            {
                Echo(kicked!);
            }
            else
            {
                ChannelError(IrcEventEncoder.Channel(room), nick, error);
            }
        }
    }

    /// <summary>INVITE nick #chan.</summary>
    internal void InviteCommand(IrcMessage message)
    {
        var (nick, channel) = (message.Parameters[0], message.Parameters[1]);
        var room = FindChannel(channel);
        if (room is null)
        {
            Numeric(IrcNumerics.ErrNoSuchChannel, channel, "No such channel");
            return;
        }

        var error = Hub.Invite(Member, nick, room, out var target, out _);
        if (error == ChatError.None)
        {
            Numeric(IrcNumerics.RplInviting, target!.Nick, IrcEventEncoder.Channel(room));
            if (target.Away is { } away)
            {
                Numeric(IrcNumerics.RplAway, target.Nick, away);
            }
        }
        else
        {
            ChannelError(IrcEventEncoder.Channel(room), nick, error);
        }
    }

    /// <summary>The room an IRC channel name names: it must start with '#'.</summary>
    private Room? FindChannel(string channel) => IrcChannels.Find(Hub, channel);

    private void SendTopic(Room room, bool whenNone)
    {
        var channel = IrcEventEncoder.Channel(room);
        if (room.Topic is { } topic)
        {
            Numeric(IrcNumerics.RplTopic, channel, topic.Text);
            Numeric(IrcNumerics.RplTopicWhoTime, channel, topic.SetBy, topic.SetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }
        else if (whenNone)
        {
            Numeric(IrcNumerics.RplNoTopic, channel, "No topic is set");
        }
    }

    /// <summary>RPL_NAMREPLY lines (as many as fit) and RPL_ENDOFNAMES.</summary>
    private void SendNames(Room room)
    {
        var channel = IrcEventEncoder.Channel(room);
        var budget = 400 - ServerName.Length - Nick.Length - channel.Length;
        var line = new List<string>();
        var used = 0;
        foreach (var member in room.Members)
        {
            var name = Prefix(room, member) + (_caps.Has(IrcCaps.UserhostInNames) ? IrcEventEncoder.SourceOf(member) : member.Nick);
            if (used + name.Length + 1 > budget && line.Count > 0)
            {
                Numeric(IrcNumerics.RplNamReply, "=", channel, string.Join(' ', line));
                line.Clear();
                used = 0;
            }

            line.Add(name);
            used += name.Length + 1;
        }

        if (line.Count > 0)
        {
            Numeric(IrcNumerics.RplNamReply, "=", channel, string.Join(' ', line));
        }

        Numeric(IrcNumerics.RplEndOfNames, channel, "End of /NAMES list");
    }

    /// <summary>"@", "+", both with multi-prefix, or nothing.</summary>
    private string Prefix(Room room, Member member) => IrcChannels.Prefix(room, member, _caps);

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
        Numeric(code, channel, text);
    }

    /// <summary>The numeric for a refused channel operation on <paramref name="nick"/>.</summary>
    private void ChannelError(string channel, string nick, ChatError error)
    {
        switch (error)
        {
            case ChatError.NoSuchNick:
                Numeric(IrcNumerics.ErrNoSuchNick, nick, "No such nick/channel");
                break;
            case ChatError.NotInRoom:
                Numeric(IrcNumerics.ErrNotOnChannel, channel, "You're not on that channel");
                break;
            case ChatError.NotOperator:
                Numeric(IrcNumerics.ErrChanOPrivsNeeded, channel, "You're not channel operator");
                break;
            case ChatError.TargetNotInRoom:
                Numeric(IrcNumerics.ErrUserNotInChannel, nick, channel, "They aren't on that channel");
                break;
            case ChatError.TargetInRoom:
                Numeric(IrcNumerics.ErrUserOnChannel, nick, channel, "is already on channel");
                break;
            default:
                Numeric(IrcNumerics.ErrUnknownError, channel, "Cannot do that");
                break;
        }
    }
}
